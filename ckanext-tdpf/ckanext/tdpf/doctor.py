"""Health checks behind `ckan tdpf doctor`: each returns OK or a precise
problem that tells the operator what to do."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from . import config as tdpf_config
from . import migrations
from .search import backend
from .search.statement import TABLE


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        version = model.Session.execute(sa.text("SHOW server_version")).scalar()
        model.Session.execute(sa.text("SELECT 1 FROM package LIMIT 1"))
    except Exception as e:  # noqa: BLE001 - reported, not raised
        model.Session.rollback()
        return Check("database", False,
                     f"cannot query CKAN's tables at {getattr(model.meta.engine, 'url', None)!r}: "
                     f"{str(e).splitlines()[0]} (run `ckan db init`?)")
    return Check("database", True, f"PostgreSQL {version}")


def check_redis() -> Check:
    import redis

    url = tk.config.get("ckan.redis.url")
    try:
        conn = redis.Redis.from_url(url, socket_timeout=tdpf_config.doctor_redis_timeout())
        conn.ping()
    except Exception as e:  # noqa: BLE001
        return Check("redis", False, f"no answer from {url}: {e}")
    return Check("redis", True, url)


def check_search() -> Check:
    wanted = tdpf_config.search_backend()
    if backend.active() != wanted:
        return Check("search backend", False,
                     f"configured {wanted} but {backend.active()} is active")
    if wanted == backend.SOLR:
        from ckan.lib.search.common import is_available
        if not is_available():
            return Check("search backend", False,
                         f"Solr does not answer at {tk.config.get('solr_url')}")
        return Check("search backend", True, f"solr at {tk.config.get('solr_url')}")
    return Check("search backend", True, "postgres (table tdpf_search_index)")


def check_index() -> Check:
    if tdpf_config.search_backend() != backend.POSTGRES:
        return Check("search index", True, "managed by Solr (see `ckan search-index check`)")
    if not sa.inspect(model.Session.connection()).has_table(TABLE):
        return Check("search index", False,
                     f"table {TABLE} is missing: run `ckan db upgrade -p tdpf`")
    row = model.Session.execute(sa.text(f"""
        SELECT
          (SELECT count(*) FROM package WHERE state = 'active'),
          (SELECT count(*) FROM {TABLE}),
          (SELECT count(*) FROM package p WHERE p.state = 'active'
             AND NOT EXISTS (SELECT 1 FROM {TABLE} i WHERE i.id = p.id)),
          (SELECT count(*) FROM {TABLE} i
             WHERE NOT EXISTS (SELECT 1 FROM package p WHERE p.id = i.id))
    """)).one()  # noqa: S608 - TABLE is our constant
    active, indexed, missing, orphans = row
    if missing or orphans:
        return Check("search index", False,
                     f"{indexed} rows for {active} active datasets: {missing} "
                     f"not indexed, {orphans} orphaned; run `ckan search-index rebuild`")
    return Check("search index", True, f"{indexed} rows, {active} active datasets, in step")


def check_migrations() -> Check:
    pending = migrations.behind()
    if pending:
        listed = "; ".join(f"{name} at {cur or 'none'}, head {head}"
                           for name, (cur, head) in pending.items())
        return Check("plugin migrations", False,
                     f"pending: {listed} (run `ckan db upgrade`)")
    return Check("plugin migrations", True,
                 "all applied (" + ", ".join(migrations.plugins_with_migrations()) + ")")


CHECKS: list[Callable[[], Check]] = [
    check_database, check_redis, check_search, check_index, check_migrations,
]


def run(check: Callable[[], Check]) -> Check:
    """One check; its exception is its failure (one broken check must not
    hide the rest)."""
    try:
        return check()
    except Exception as e:  # noqa: BLE001 - reported, not raised
        model.Session.rollback()
        return Check(check.__name__.replace("check_", ""), False, str(e))


def run_all() -> list[Check]:
    return [run(check) for check in CHECKS]
