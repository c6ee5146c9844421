#!/usr/bin/env python3
"""Reads benchmark: ``resource_search`` and
``current_package_list_with_resources`` as an anonymous caller on N
generated datasets, with the core plugin's visibility wrapper
(``ckanext.tdpf.logic.visibility``, "after") and with the algorithm it had
before issue 15 ("before": the core's matches without a limit, then
package_show for every match / for every listed dataset), written out here
so both run against the same data in the same process.

Run (from the repository root, with the project virtualenv on PATH)::

    python bench/reads.py                   # N=5000, 5 timed calls each
    python bench/reads.py -n 20000 --repeat 3 --json var/bench-reads.json
    python bench/reads.py --skip-load       # measure again, same data

Setup is bench/search.py's (``ensure_setup``): database ``tdpf_bench_reads``
and ``var/bench-reads.ini`` (Redis db 12) are created on first use. The load
is bench/search.py's too (``COPY`` into CKAN's tables, 1-4 resources per
dataset, every URL ``https://...``), followed by CKAN's index rebuild. Never
point ``--ini`` at a real site: the load empties the dataset tables.

Timed calls (``time.perf_counter`` around the call, in a request context,
every plugin of the ini loaded, the median of ``--repeat`` after a warm-up):

* ``resource_search query=url:http limit=1`` (every resource matches), and
  with limit=100 and 1000 (after only: before read every match whatever
  the limit);
* ``current_package_list_with_resources limit=1000``;
* ``package_search rows=1000`` as the reference the second should follow.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import search as search_bench  # noqa: E402  (bench/search.py: setup and load)

DEFAULT_INI = ROOT / "var" / "bench-reads.ini"
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/tdpf_bench_reads"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"


def _before_resource_search(context: dict, data_dict: dict) -> dict:
    """The wrapper before issue 15: every core match, package_show each."""
    from ckan.logic.action.get import resource_search as core
    from ckan.plugins import toolkit as tk
    found = core(dict(context), {**data_dict, "offset": None, "limit": None})
    shown: dict[str, dict | None] = {}
    visible = []
    for resource in found["results"]:
        pid = resource["package_id"]
        if pid not in shown:
            shown[pid] = tk.get_action("package_show")(dict(context), {"id": pid})
        visible += [r for r in shown[pid]["resources"] if r["id"] == resource["id"]]
    limit = data_dict.get("limit")
    return {"count": len(visible), "results": visible[:limit]}


def _before_package_list(context: dict, data_dict: dict) -> list:
    """The wrapper before issue 15: core's action (it calls the search
    function), then package_show for each listed dataset."""
    from ckan import model
    from ckan.logic.action.get import current_package_list_with_resources as core
    from ckan.plugins import toolkit as tk
    found = core({**context, "model": model, "session": model.Session}, dict(data_dict))
    return [tk.get_action("package_show")(dict(context), {"id": p["id"]}) for p in found]


def _timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = call()  # warm-up
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - t0)
    return round(statistics.median(samples), 3), result


def measure(args) -> dict[str, Any]:
    from ckan import model
    from ckan.plugins import toolkit as tk

    app = search_bench.make_ckan_app(args.ini)
    with app._wsgi_app.test_request_context():
        resources = model.Session.query(model.Resource).count()
        anon = {"user": ""}
        act = tk.get_action
        calls = {
            "resource_search url:http limit=1": (
                lambda: _before_resource_search(anon, {"query": "url:http", "limit": 1}),
                lambda: act("resource_search")(dict(anon), {"query": "url:http", "limit": 1})),
            # the previous algorithm read every match whatever the limit
            **{f"resource_search url:http limit={n}": (None, (
                lambda n=n: act("resource_search")(dict(anon), {"query": "url:http", "limit": n})))
               for n in (100, 1000)},
            "current_package_list_with_resources limit=1000": (
                lambda: _before_package_list(anon, {"limit": 1000}),
                lambda: act("current_package_list_with_resources")(dict(anon), {"limit": 1000})),
            "package_search rows=1000 (reference)": (
                None, lambda: act("package_search")(dict(anon), {"q": "", "rows": 1000})),
        }
        out: dict[str, Any] = {"datasets": model.Session.query(model.Package).count(),
                               "resources": resources, "calls": {}}
        for name, (before, after) in calls.items():
            figures: dict[str, Any] = {}
            if before is not None and not args.skip_before:
                figures["before_s"], _ = _timed(before, 1)
            figures["after_s"], result = _timed(after, args.repeat)
            figures["after_size"] = (result["count"] if isinstance(result, dict)
                                     and "count" in result else len(result))
            out["calls"][name] = figures
            print(f"{name:52} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ini", default=str(DEFAULT_INI))
    ap.add_argument("-n", type=int, default=5000, help="datasets to generate (5000)")
    ap.add_argument("--seed", type=int, default=20251001)
    ap.add_argument("--repeat", type=int, default=5, help="timed calls after the warm-up")
    ap.add_argument("--skip-load", action="store_true", help="keep the datasets and index")
    ap.add_argument("--skip-before", action="store_true",
                    help="do not time the previous algorithm (slow on large N)")
    ap.add_argument("--setup", action="store_true", help="render the ini and init the db again")
    ap.add_argument("--db-url", default=DEFAULT_DB_URL)
    ap.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)

    db_url = search_bench.ensure_setup(args)
    results: dict[str, Any] = {"n": args.n}
    if not args.skip_load:
        results["load"] = search_bench.load(db_url, args.n, args.seed)
        print(f"load: {results['load']}")
        app = search_bench.make_ckan_app(args.ini)
        with app._wsgi_app.test_request_context():
            from ckan.lib import search
            t0 = time.perf_counter()
            search.rebuild(quiet=True)
            results["index_s"] = round(time.perf_counter() - t0, 1)
            print(f"index: {results['index_s']} s")
    results.update(measure(args))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
