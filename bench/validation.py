#!/usr/bin/env python
"""CPU of CKAN's schema validation, with CKAN's navl functions and with ours.

Takes N datasets already in a database (the harvest benchmark's, say) and
runs, per dataset, what validation costs a harvest import: the create
schema's validation of the dataset as shown (package_create) and the two
validations of its indexing (``package_show_default_and_custom_schemas``).
Each pass is timed with CKAN's functions and with ckanext.tdpf.compat.navl_validate,
alternating, and the best of the repeats is printed as ms per dataset.

    python bench/harvest.py -n 2000 --only tdpf_ckan   # a database with datasets
    python bench/validation.py var/bench-harvest.ini -n 500

Reads only: nothing is written to the database.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable


def _timed(run: Callable[[], None]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ini")
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    with app._wsgi_app.test_request_context():
        _measure(args.n, args.repeats)


def _measure(n: int, repeats: int) -> None:
    from ckan import logic, model
    from ckan.lib.plugins import lookup_package_plugin, plugin_validate

    from ckanext.tdpf.compat import navl_validate as navl

    ids = [r[0] for r in model.Session.query(model.Package.id)
           .filter(model.Package.state == "active", model.Package.type == "dataset")
           .limit(n)]
    if not ids:
        raise SystemExit("no datasets in this database: run bench/harvest.py first")
    site_user = logic.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    shown = [logic.get_action("package_show")({"ignore_auth": True}, {"id": i}) for i in ids]
    plugin = lookup_package_plugin("dataset")

    def creates() -> None:
        for pkg in shown:
            context = {"model": model, "session": model.Session, "user": site_user,
                       "ignore_auth": True}
            plugin_validate(plugin, context, dict(pkg), plugin.create_package_schema(),
                            "package_create")

    def indexing() -> None:
        for pkg_id in ids:
            logic.package_show_default_and_custom_schemas({"ignore_auth": True}, pkg_id)

    print(f"{len(ids)} datasets, best of {repeats}, CPU ms per dataset")
    print(f"{'':<28}{'CKAN':>8}{'ours':>8}{'saved':>8}")
    for label, run in (("create schema", creates), ("indexing (two schemas)", indexing)):
        best = {True: float("inf"), False: float("inf")}
        for _ in range(repeats):
            for ours in (False, True):
                navl.use(ours)
                best[ours] = min(best[ours], _timed(run) * 1000 / len(ids))
        navl.use(True)
        print(f"{label:<28}{best[False]:>8.2f}{best[True]:>8.2f}"
              f"{1 - best[True] / best[False]:>8.0%}")


if __name__ == "__main__":
    main()
