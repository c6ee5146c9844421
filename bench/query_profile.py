#!/usr/bin/env python3
"""Where one search's time goes: repeats ``package_search`` for the given
queries against a benchmark database and prints, per query, the median of
the whole call and of its SQL statements, with the hit count.

    python bench/query_profile.py 避難所 子育て '*:*' --repeat 20
    python bench/query_profile.py 京都 --fq organization:tokyo --profile var/q.prof

The first call of each query is reported apart (it fills the process's
caches: search/facetcache.py, search/ranking.py). Uses ``var/bench.ini``
(see bench/README.md) unless ``--ini`` says otherwise; reads only.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import FACETS, make_ckan_app  # noqa: E402  (bench/search.py)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("queries", nargs="+", help="q values")
    ap.add_argument("--fq", default="")
    ap.add_argument("--ini", default="var/bench.ini")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--anonymous", action="store_true", help="as the search page, not sysadmin")
    ap.add_argument("--no-facets", action="store_true")
    ap.add_argument("--profile", help="write a cProfile of the repeats to this path")
    args = ap.parse_args()

    app = make_ckan_app(args.ini)
    import sqlalchemy as sa

    import ckan.plugins.toolkit as tk
    from ckan import model

    sql_ms: list[float] = []

    @sa.event.listens_for(sa.engine.Engine, "before_cursor_execute")
    def _start(conn, *_):
        conn.info["t0"] = time.perf_counter()

    @sa.event.listens_for(sa.engine.Engine, "after_cursor_execute")
    def _end(conn, *_):
        sql_ms.append((time.perf_counter() - conn.info.pop("t0")) * 1000)

    action = tk.get_action("package_search")
    profiler = cProfile.Profile() if args.profile else None
    print(f"{'query':<24}{'hits':>8}{'first ms':>10}{'p50 ms':>9}{'min ms':>9}{'SQL p50':>9}")
    with app._wsgi_app.test_request_context():
        for q in args.queries:
            data = {"q": q, "rows": 20}
            if args.fq:
                data["fq"] = args.fq
            if not args.no_facets:
                data.update({"facet.field": json.dumps(FACETS), "facet.limit": 50})
            context = {"user": ""} if args.anonymous else {"ignore_auth": True}
            if args.anonymous:
                data["include_private"] = True
            times, sqls, hits = [], [], 0
            for n in range(args.repeat + 1):
                del sql_ms[:]
                if profiler and n:
                    profiler.enable()
                t0 = time.perf_counter()
                hits = action(dict(context), dict(data))["count"]
                times.append((time.perf_counter() - t0) * 1000)
                if profiler and n:
                    profiler.disable()
                sqls.append(sum(sql_ms))
                model.Session.remove()
            print(f"{q:<24}{hits:>8}{times[0]:>10.1f}{statistics.median(times[1:]):>9.1f}"
                  f"{min(times[1:]):>9.1f}{statistics.median(sqls[1:]):>9.1f}")
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"profile: {args.profile} (python -m pstats {args.profile})")


if __name__ == "__main__":
    main()
