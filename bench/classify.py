#!/usr/bin/env python
"""Theme classification of harvested records against data.go.jp's real
groups: precision and recall per e-Gov theme.

The 241 datasets of ../shared/realdata/ckan-api/data.go.jp-flattened (one
row per resource) are rebuilt as records (title, tags, resource names and
descriptions; their group is withheld) and classified by
ckanext.tdpf_harvesters.enrich.classify. The records are split in two
halves by a hash of their URL. The dictionaries were written before the
first measurement; changes may be tried on the "dev" half only, and the
"test" half is the honest figure.

    .venv/bin/python bench/classify.py            # both halves and all
    .venv/bin/python bench/classify.py --errors   # the misclassified test records
"""
from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import pathlib
import sys
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata" / "ckan-api" / "data.go.jp-flattened"


def records() -> list[dict]:
    by_url: dict[str, dict] = {}
    for path in sorted(glob.glob(str(REAL / "data_go_jp_format_*.csv"))):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                url = row["ckanurl"].split("/resource/")[0]
                rec = by_url.setdefault(url, {
                    "url": url, "title": row["title"], "notes": "",
                    "tags": [{"name": t} for t in row["tags"].split(";") if t],
                    "resources": [], "organization": {"title": row["organization"]},
                    "groups": {g for g in row["groups"].split(";") if g}})
                rec["resources"].append({"name": row["res_title"],
                                         "description": row["description"]})
    return list(by_url.values())


def half(rec: dict) -> str:
    return "dev" if hashlib.sha256(rec["url"].encode()).digest()[0] % 2 == 0 else "test"


def table(recs: list[dict], themes: list[tuple[str, str, str]], predict) -> list[str]:
    label_of = {ja: key for key, ja, _ in themes}
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    top1 = 0
    for rec in recs:
        truth = {label_of[g] for g in rec["groups"] if g in label_of}
        got = predict(rec)
        top1 += bool(got and got[0] in truth)
        for t in set(got) | truth:
            if t in got and t in truth:
                tp[t] += 1
            elif t in got:
                fp[t] += 1
            else:
                fn[t] += 1
    lines = [f"{'theme':<28}{'n':>4}{'pred':>6}{'P':>7}{'R':>7}"]
    sum_tp = sum_fp = sum_fn = 0
    for key, ja, _ in themes:
        n, pred = tp[key] + fn[key], tp[key] + fp[key]
        sum_tp, sum_fp, sum_fn = sum_tp + tp[key], sum_fp + fp[key], sum_fn + fn[key]
        if not n and not pred:
            continue
        p = f"{tp[key] / pred:.2f}" if pred else "-"
        r = f"{tp[key] / n:.2f}" if n else "-"
        lines.append(f"{ja:<28}{n:>4}{pred:>6}{p:>7}{r:>7}")
    lines.append(f"{'micro':<28}{sum_tp + sum_fn:>4}{sum_tp + sum_fp:>6}"
                 f"{sum_tp / max(1, sum_tp + sum_fp):>7.2f}{sum_tp / max(1, sum_tp + sum_fn):>7.2f}")
    lines.append(f"first theme right: {top1}/{len(recs)} = {top1 / max(1, len(recs)):.2f}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"no real data at {REAL}")
        return 0
    sys.path.insert(0, str(ROOT / "harvesters"))
    from ckanext.tdpf.vocab import choices
    from ckanext.tdpf_harvesters.enrich import classify

    recs = records()

    def predict(rec):
        return list(classify.classify(rec).theme)

    for name, part in (("test", [r for r in recs if half(r) == "test"]),
                       ("dev", [r for r in recs if half(r) == "dev"]), ("all", recs)):
        print(f"\n== {name}: {len(part)} datasets")
        print("\n".join(table(part, choices.THEMES, predict)))
    if args.errors:
        ja = {k: v for k, v, _ in choices.THEMES}
        for rec in recs:
            got = predict(rec)
            if half(rec) == "test" and not {ja[g] for g in got} & rec["groups"]:
                print(f"{'/'.join(rec['groups'])} <- {'/'.join(ja[g] for g in got)}: {rec['title']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
