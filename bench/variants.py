#!/usr/bin/env python3
"""Recall of spelling variants and violated precision traps of the search
analysis, without and with normalised spellings (search/variants.py).

    python bench/variants.py                  # both, then the misses
    python bench/variants.py --db-url postgresql://postgres@127.0.0.1:5432/postgres

Cases: tests/tdpf/search/variant_pairs.tsv (a query and a real text it
must find, per class of variant) and variant_traps.tsv (a query and a text
it must not find). PostgreSQL decides each case on the very lexemes and
SQL a search uses (ckanext.tdpf.search.probe); nothing is stored, any
database will do."""
from __future__ import annotations

import argparse
import collections
import pathlib
import sys

import sqlalchemy as sa

from ckanext.tdpf.search import analysis, probe

CASES = pathlib.Path(__file__).resolve().parent.parent / "tests" / "tdpf" / "search"


def measure(execute, pairs, traps) -> tuple[dict[str, list[bool]], list[probe.Case], list[probe.Case]]:
    per_class: dict[str, list[bool]] = collections.defaultdict(list)
    missed = []
    for case in pairs:
        found = probe.finds(execute, case.query, case.text)
        per_class[case.label].append(found)
        if not found:
            missed.append(case)
    violated = [case for case in traps if probe.finds(execute, case.query, case.text)]
    return per_class, missed, violated


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    pairs = list(probe.read_cases(CASES / "variant_pairs.tsv"))
    traps = list(probe.read_cases(CASES / "variant_traps.tsv"))
    engine = sa.create_engine(args.db_url)
    with engine.connect() as conn:
        def execute(sql, params):
            return conn.exec_driver_sql(sql, params)
        for on in (False, True):
            analysis.use_variants(on)
            per_class, missed, violated = measure(execute, pairs, traps)
            found = sum(sum(v) for v in per_class.values())
            print(f"variants {'on ' if on else 'off'}: recall {found}/{len(pairs)} "
                  f"({100 * found / len(pairs):.1f}%), trap violations {len(violated)}/{len(traps)}")
            for label, results in sorted(per_class.items()):
                print(f"    {label:<12} {sum(results):>3}/{len(results)}")
            if on:
                for case in missed:
                    print(f"  missed: {case.query} -> {case.text}")
                for case in violated:
                    print(f"  trap violated: {case.query} -> {case.text} ({case.label})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
