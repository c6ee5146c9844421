"""Counting on the request path and flushing into ``tdpf_usage_daily``.

Request path: one Redis round trip (a Lua script): ``SET NX`` of the
visitor's key for the target and day (see ``visitors``) and, when it is
new, ``HINCRBY`` of the pending hash. Concurrent requests cannot lose or
double a count: both commands are atomic and run together.

Flush (a scheduled job): the pending hash is renamed to a batch key
(atomic: a count arriving meanwhile goes to a new pending hash), and the
batch is added with one UPSERT per row in one transaction that also
records the batch id in ``tdpf_usage_flush``. The batch key is deleted
after the commit; a flush that died in between finds the batch again and
sees its id recorded, so it deletes it without counting it twice."""
from __future__ import annotations

import datetime
import logging
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.plugins.toolkit as tk
from ckan import model

from .. import clock
from . import visitors
from .model import UsageDaily, UsageFlush

log = logging.getLogger(__name__)

_COUNT_ONCE = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
end
return 0
"""
_salts: dict[str, bytes] = {}
_scripts: dict[str, object] = {}  # the registered Lua script, once per process


def prefix() -> str:
    return f"ckan:{tk.config.get('ckan.site_id')}:tdpf:usage"


def redis():
    from ckan.lib.redis import connect_to_redis
    return connect_to_redis()


def _day_salt(conn, day: datetime.date) -> bytes:
    found = _salts.get(day.isoformat())
    if found is None:
        _salts.clear()  # only today's is kept
        found = _salts[day.isoformat()] = visitors.salt(conn, prefix(), day)
    return found


def field(kind: str, day: datetime.date, dataset: str, resource: str = "") -> str:
    return f"{kind}|{day.isoformat()}|{dataset}|{resource}"


def count(kind: str, dataset: str, resource: str, ip: str, user_agent: str,
          conn=None) -> bool:
    """Count one ``kind`` of ``dataset`` (id or name) / ``resource`` for the
    visitor; False when this visitor was counted for it today already."""
    conn = conn or redis()
    day = clock.today(clock.JST)
    visitor = visitors.key(_day_salt(conn, day), ip, user_agent)
    target = field(kind, day, dataset, resource)
    script = _scripts.get("count") or _scripts.setdefault(
        "count", conn.register_script(_COUNT_ONCE))
    seen = f"{prefix()}:seen:{target}:{visitor}"
    return bool(script(keys=[seen, f"{prefix()}:pending"],  # type: ignore[operator]
                       args=[target, visitors.SEEN_SECONDS], client=conn))


def _dataset_ids(refs: set[str]) -> dict[str, str]:
    """id or name -> id of the datasets that exist."""
    if not refs:
        return {}
    rows = model.Session.query(model.Package.id, model.Package.name).filter(
        sa.or_(model.Package.id.in_(refs), model.Package.name.in_(refs))).all()
    out = {}
    for pkg_id, name in rows:
        out[pkg_id] = pkg_id
        out[name] = pkg_id
    return out


def _apply(batch_id: str, counts: dict[bytes, bytes]) -> int:
    """Add one batch in one transaction; 0 when it was applied before."""
    session = model.Session
    done = session.execute(insert(UsageFlush).values(id=batch_id, time=clock.db_now())
                           .on_conflict_do_nothing().returning(UsageFlush.id)).first()
    if done is None:
        session.rollback()
        return 0
    parsed = []
    for raw, n in counts.items():
        kind, day, dataset, resource = raw.decode().split("|", 3)
        parsed.append((kind, datetime.date.fromisoformat(day), dataset, resource, int(n)))
    ids = _dataset_ids({p[2] for p in parsed})
    rows: dict[tuple, int] = {}
    for kind, day, dataset, resource, n in parsed:
        if dataset in ids:  # a count of a dataset deleted since is dropped
            key = (day, kind, ids[dataset], resource)
            rows[key] = rows.get(key, 0) + n
    for (day, kind, dataset_id, resource), n in sorted(rows.items()):
        stmt = insert(UsageDaily).values(day=day, kind=kind, dataset_id=dataset_id,
                                         resource_id=resource, count=n)
        session.execute(stmt.on_conflict_do_update(
            index_elements=["day", "kind", "dataset_id", "resource_id"],
            set_={"count": UsageDaily.count + stmt.excluded.count}))
    session.commit()
    return sum(rows.values())


def flush(conn=None) -> int:
    """Move every pending count into the table; returns how many were added."""
    conn = conn or redis()
    added = 0
    for key in conn.scan_iter(f"{prefix()}:batch:*"):  # left by a flush that died
        added += _flush_batch(conn, key)
    key = f"{prefix()}:batch:{uuid.uuid4().hex}"
    try:
        conn.rename(f"{prefix()}:pending", key)
    except Exception as err:  # noqa: BLE001 - redis.ResponseError: nothing pending
        if "no such key" not in str(err).lower():
            raise
        return added
    return added + _flush_batch(conn, key)


def _flush_batch(conn, key) -> int:
    name = key.decode() if isinstance(key, bytes) else key
    counts = conn.hgetall(name)
    added = _apply(name.rsplit(":", 1)[1], counts) if counts else 0
    conn.delete(name)
    log.info("usage: %d counts flushed", added)
    return added


def run_flush() -> None:
    """Job (scheduled every minute): flush the pending counts."""
    flush()
