"""Precision and recall of the harvesters' duplicate matcher
(``mapping.match_keys``: two records are one dataset when they share a key)
on a labelled set of pairs built from real data.go.jp records
(``../shared/realdata/ckan-api/data.go.jp-flattened``, 241 datasets).

The pairs:

* **real pairs**: every pair of the 241 records sharing a resource URL or a
  title, labelled by hand below (:data:`REAL_LABELS`, with the reason);
* **republished copies**, one per record, as another catalog shows it
  (labelled the same dataset): the title in other character widths and
  spacing, resource URLs with the other scheme, and in turn the
  republisher's own publisher name, or a bracketed publisher prefix
  added to the title (「【内閣府】…」);
* **different datasets**: every other pair of real records (labelled not the same).

    python bench/harvest_matcher.py [--realdata ../shared/realdata] [--old]

``--old`` measures the matcher before issue 18 #2 (a shared URL alone made
two records one dataset).
"""
from __future__ import annotations

import argparse
import csv
import glob
import itertools
import os
import re
import sys
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harvesters"))

from ckanext.tdpf_harvesters import mapping  # noqa: E402

# (dataset, dataset): (same?, why) - read by hand from their titles and files
REAL_LABELS = {
    ("cas_20140901_0033", "cas_20170207_0001"): (
        True, "same guideline registered twice: same title, publisher and file"),
    ("fsa_20140901_0058", "fsa_20140901_0064"): (
        False, "設置要領 and 第５回会合 of one team share a document"),
    ("mhlw_20140917_0866", "mhlw_20180910_0003"): (
        False, "the lawsuit guide and a page pointing to it share one form"),
    ("soumu_20150706_0014", "soumu_20160201_0010"): (
        True, "same results published twice: same title, publisher and 12 files"),
    ("mlit_20140919_3015", "mlit_20140919_3017"): (
        True, "same title and the same two forms (Word, Ichitaro): an older and a newer edition"),
    ("ppc_20160419_0012", "ppc_20191028_0099"): (
        False, "same title, other files: the 2016 and 2019 editions"),
}


def load(realdata: str) -> dict[str, dict]:
    folder = os.path.join(realdata, "ckan-api", "data.go.jp-flattened")
    records: dict[str, dict] = {}
    for path in sorted(glob.glob(os.path.join(folder, "data_go_jp_format_*.csv"))):
        with open(path, encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                m = re.search(r"/dataset/([^/]+)/resource/", row["ckanurl"])
                if not m:
                    continue
                rec = records.setdefault(m.group(1), {
                    "title": row["title"], "publisher": row["organization"], "urls": []})
                if row["url"] not in rec["urls"]:
                    rec["urls"].append(row["url"])
    return records


def _wide(text: str) -> str:
    """ASCII letters and digits in full width, as some catalogs write them."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def _other_scheme(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    scheme = "https" if parts.scheme == "http" else "http"
    return urllib.parse.urlunsplit((scheme, *parts[1:]))


def copies(rec: dict, n: int) -> dict:
    """The record as a republishing catalog shows it (variant by ``n``)."""
    title = unicodedata.normalize("NFKC", rec["title"]) if n % 2 else _wide(rec["title"])
    out = {"title": title.replace("_", " "), "publisher": rec["publisher"],
           "urls": [_other_scheme(u) for u in rec["urls"]]}
    if n % 4 == 1:
        out["publisher"] = rec["publisher"] + " 情報システム課"
    if n % 4 == 3:
        out["title"] = f"【{rec['publisher']}】{out['title']}"
    return out


def keys(rec: dict, old: bool) -> set[str]:
    pkg = {"title": rec["title"], "resources": [{"url": u} for u in rec["urls"]]}
    found = mapping.match_keys(pkg, rec["publisher"])
    if old:  # before: the URL alone
        found = {k.split("|", 1)[0] if k.startswith("u:") else k for k in found}
    return found


def measure(records: dict[str, dict], old: bool) -> dict[str, dict[str, int]]:
    by_id = {rid: keys(rec, old) for rid, rec in records.items()}
    counts = {name: {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
              for name in ("real pairs", "copies", "different", "all")}

    def count(group: str, same: bool, matched: bool) -> None:
        cell = ("tp" if matched else "fn") if same else ("fp" if matched else "tn")
        counts[group][cell] += 1
        counts["all"][cell] += 1

    for a, b in itertools.combinations(sorted(records), 2):
        label = REAL_LABELS.get((a, b))
        matched = bool(by_id[a] & by_id[b])
        if label is not None:
            count("real pairs", label[0], matched)
        else:
            count("different", False, matched)
    for n, (rid, rec) in enumerate(sorted(records.items())):
        count("copies", True, bool(by_id[rid] & keys(copies(rec, n), old)))
    return counts


def shared_pairs(records: dict[str, dict]) -> set[tuple[str, str]]:
    """Pairs sharing a file URL or a title: all must be labelled by hand."""
    out = set()
    for a, b in itertools.combinations(sorted(records), 2):
        ra, rb = records[a], records[b]
        if ra["title"] == rb["title"] or set(ra["urls"]) & set(rb["urls"]):
            out.add((a, b))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdata", default=os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "realdata"))
    parser.add_argument("--old", action="store_true")
    args = parser.parse_args()
    records = load(args.realdata)
    unlabelled = shared_pairs(records) - set(REAL_LABELS)
    if unlabelled:
        sys.exit(f"pairs to label by hand first: {sorted(unlabelled)}")
    print(f"{len(records)} records; matcher: {'before #2 (URL alone)' if args.old else 'now'}")
    for group, c in measure(records, args.old).items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        print(f"{group:11} pairs {sum(c.values()):6}  tp {c['tp']:4} fp {c['fp']:3} "
              f"fn {c['fn']:3}  precision {precision:.3f}  recall {recall:.3f}")


if __name__ == "__main__":
    main()
