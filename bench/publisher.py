#!/usr/bin/env python
"""Per-record publisher derivation on real records.

1. data.go.jp's 241 datasets (../shared/realdata/ckan-api/data.go.jp-flattened)
   as harvested by the data-go-jp preset (national, no municipality): how
   many records get another provider type or municipality.
2. data.go.jp's list of ~1,000 national and municipal data sites
   (../shared/realdata/dcat-rdf-japan/.../dbsites.ttl): each site's creator
   as a record's publisher (dct:creator), its title and description,
   harvested by a national aggregator. Its own organisation class
   (lis:central-government / local-government / ...) says what the answer
   should be; local-government creators must get a municipality code.

    .venv/bin/python bench/publisher.py            # counts
    .venv/bin/python bench/publisher.py --sample 20  # a random sample to check by hand
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata"
SITES = REAL / "dcat-rdf-japan" / "ldapinavi-data.go.jp-dbsites" / "dbsites.ttl"
LIS = "https://www.data.go.jp/list-of-database/"
EXPECTED = {"central-government": "national", "local-government": "local",
            "incorporated-administrative-agency": "public_body",
            "nongovernment-organization": "other"}


def sites() -> list[dict]:
    import rdflib
    from rdflib.namespace import DCTERMS, RDF, RDFS

    g = rdflib.Graph()
    g.parse(SITES, format="turtle")
    out = []
    for s, kind in g.subject_objects(RDF.type):
        if not str(kind).startswith(LIS):
            continue
        creator = g.value(s, DCTERMS.creator)
        out.append({"id": str(s), "title": str(g.value(s, RDFS.label) or ""),
                    "notes": str(g.value(s, DCTERMS.description) or ""),
                    "extras": [{"key": "publisher_name", "value": str(creator or "")}],
                    "kind": EXPECTED.get(str(kind)[len(LIS):], "other")})
    return sorted(out, key=lambda r: r["id"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from classify import records  # data.go.jp records as harvested dicts

    from ckanext.tdpf.vocab import municipality
    from ckanext.tdpf_harvesters.enrich import publisher

    recs = records()
    changed = [(r, publisher.derive(r, "national", ())) for r in recs]
    moved = [(r, p) for r, p in changed if (p.provider_type, p.codes) != ("national", ())]
    print(f"data.go.jp: {len(recs)} records, {len(moved)} change publisher "
          f"(source default national, no municipality)")
    for r, p in moved:
        print(f"  {r['organization']['title']} | {r['title'][:40]} -> {p}")

    if not SITES.is_file():
        return 0
    rows = sites()
    got = [(r, publisher.derive(r, "national", ())) for r in rows]
    confusion: collections.Counter = collections.Counter()
    for r, p in got:
        kind = "local" if p.provider_type in ("tokyo", "municipality", "public_body") \
            and p.codes else p.provider_type
        confusion[(r["kind"], kind)] += 1
    print(f"\ndata sites: {len(rows)} records; changed from national: "
          f"{sum(1 for _, p in got if (p.provider_type, p.codes) != ('national', ()))}")
    print("expected class -> derived (local = a municipality or prefecture code):")
    for (want, have), n in sorted(confusion.items()):
        print(f"  {want:<12} -> {have:<14} {n}")
    if args.sample:
        rng = random.Random(18)
        print(f"\nsample of {args.sample}:")
        for r, p in rng.sample(got, args.sample):
            names = ", ".join(municipality.label(c) for c in p.codes)
            print(f"  {r['extras'][0]['value']} | {r['title'][:30]} -> {p.provider_type} "
                  f"{'/'.join(p.codes)} {names} ({p.reason})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
