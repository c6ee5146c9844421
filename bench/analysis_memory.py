#!/usr/bin/env python
"""Memory and CPU of the search text analysis over N fixture datasets.

The analysis caches (search/analysis.py) live as long as the process: in a
harvest import worker or a rebuild they fill up and stay full. This runs
the index's text analysis over the harvest fixture's datasets (the same
records bench/harvest.py serves) and prints the process's RSS and the CPU
per dataset every 5,000, then each cache's hits and size.

    python bench/analysis_memory.py 30000
    python bench/analysis_memory.py 30000 --tokens 65536 --values 8192   # other sizes

No database or CKAN configuration is needed.
"""
from __future__ import annotations

import argparse
import functools
import pathlib
import sys
import time

import psutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ckanext.tdpf.search import analysis  # noqa: E402

from tests.harvesters.fixture_source import make_dataset  # noqa: E402

CACHES = ("_lexemes_of", "_token_items", "_quote", "_cached_piece")


def resize(tokens: int, values: int) -> None:
    """Caches of other sizes than the module's (module globals: the
    functions find each other through them)."""
    for name in CACHES:
        size = values if name == "_cached_piece" else tokens
        if name == "_quote":
            size = 8 * values
        setattr(analysis, name, functools.lru_cache(maxsize=size)(
            getattr(analysis, name).__wrapped__))


def analyse(d: dict) -> None:
    """The text fields the index analyses, as document.build_row feeds them."""
    ti = analysis.TextIndex()
    ti.add("title", [d["title"]], True)
    ti.add("name", [d["name"]], True)
    ti.add("notes", [d["notes"]], True)
    ti.add("url", [d["url"]], True)
    ti.add("tags", [t["name"] for t in d["tags"]], True)
    ti.add("maintainer", [d["maintainer"], d["maintainer_email"]], True)
    ti.add("res_name", [r["name"] for r in d["resources"]], True)
    ti.add("res_url", [r["url"] for r in d["resources"]], True)
    ti.add("res_description", [r.get("description") or "" for r in d["resources"]], True)
    analysis.render_set(ti.everything)
    analysis.render_positions(ti.positions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--tokens", type=int, help="token cache entries")
    parser.add_argument("--values", type=int, help="value cache entries")
    args = parser.parse_args()
    if args.tokens or args.values:
        resize(args.tokens or analysis.CACHED_TOKENS, args.values or analysis.CACHED_VALUES)
    analysis.tokenize("東京都")  # the dictionary loaded before the first figure
    proc = psutil.Process()
    print(f"start: {proc.memory_info().rss >> 20} MB")
    started = time.process_time()
    for i in range(args.n):
        analyse(make_dataset(i))
        if (i + 1) % 5000 == 0 or i + 1 == args.n:
            cpu = (time.process_time() - started) / (i + 1) * 1000
            print(f"{i + 1:>7} datasets: {proc.memory_info().rss >> 20} MB, "
                  f"{cpu:.3f} ms CPU per dataset")
    for name in CACHES:
        print(name, getattr(analysis, name).cache_info())


if __name__ == "__main__":
    main()
