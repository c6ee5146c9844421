"""``/health/ready``: the doctor's checks (ckanext.tdpf.doctor), cheap
enough to poll every few seconds, and the job queues' backlog.

The database and Redis are asked on every call (one trivial query, one
PING); the checks that count or parse (search backend, search index,
pending migrations) are reused for ``ckanext.tdpf.health.cache_seconds``,
shared by the processes through Redis. Nothing here names a URL, a password or a dataset: a
check's detail has its URLs taken out, and the counts are totals."""
from __future__ import annotations

import datetime
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ckan.plugins.toolkit as tk

from .. import clock, doctor, queues
from .. import config as tdpf_config
from ..compat import harvest_queue

# the JSON names of the doctor's checks
FAST = {"database": doctor.check_database, "redis": doctor.check_redis}
SLOW = {"search_backend": doctor.check_search, "search_index": doctor.check_index,
        "migrations": doctor.check_migrations}
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_KEY = "tdpf:health:"  # + check name: a slow check's last result, shared by the processes
_lock = threading.Lock()
_cached: dict[str, tuple[float, doctor.Check]] = {}


def redact(text: str) -> str:
    """The text without its URLs (which may carry passwords)."""
    return _URL.sub("<url>", text)


def _shared(name: str) -> tuple[float, doctor.Check] | None:
    from ckan.lib.redis import connect_to_redis

    found = connect_to_redis().get(_KEY + name)
    if not found:
        return None
    data = json.loads(found)  # type: ignore[arg-type]
    return data["at"], doctor.Check(data["name"], data["ok"], data["detail"])


def _share(name: str, at: float, result: doctor.Check) -> None:
    from ckan.lib.redis import connect_to_redis

    connect_to_redis().set(_KEY + name, json.dumps({"at": at, **vars(result)}),
                           ex=max(1, tdpf_config.health_cache_seconds()))


def _slow(name: str, redis_ok: bool) -> tuple[doctor.Check, float]:
    """The result of a slow check no older than the TTL, and its age in
    seconds: this process's, else the one another process left in Redis
    (the index counts take a second at 100,000 datasets: once per TTL for
    the whole site, not once per web worker), else computed now."""
    now, ttl = time.time(), tdpf_config.health_cache_seconds()
    with _lock:
        hit = _cached.get(name)
    if (hit is None or now - hit[0] >= ttl) and redis_ok:
        hit = _shared(name)
    if hit is None or now - hit[0] >= ttl:
        hit = (now, doctor.run(SLOW[name]))
        if redis_ok:
            _share(name, *hit)
    with _lock:
        _cached[name] = hit
    return hit[1], max(0.0, now - hit[0])


def forget() -> None:
    """Drop the cached checks (tests, after changing the database)."""
    from ckan.lib.redis import connect_to_redis

    with _lock:
        _cached.clear()
    connect_to_redis().delete(*(_KEY + name for name in SLOW))


def checks() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, check in FAST.items():
        result = doctor.run(check)
        out[name] = {"ok": result.ok, "detail": redact(result.detail)}
    for name in SLOW:
        result, age = _slow(name, out["redis"]["ok"])
        out[name] = {"ok": result.ok, "detail": redact(result.detail),
                     "checked_seconds_ago": round(age, 1)}
    return out


@dataclass
class QueueState:
    depth: int
    oldest_age_seconds: float | None  # None: empty, or a queue without times


def _age(enqueued_at: datetime.datetime | None) -> float | None:
    if enqueued_at is None:
        return None
    if enqueued_at.tzinfo is None:  # RQ stores UTC
        enqueued_at = enqueued_at.replace(tzinfo=datetime.UTC)
    return max(0.0, (clock.now() - enqueued_at).total_seconds())


def job_queues() -> dict[str, QueueState]:
    """Each RQ queue of ``queues.ALL``: jobs waiting and the oldest one's age."""
    from rq.job import Job

    from ckan.lib import jobs

    out = {}
    for name in queues.ALL:
        queue = jobs.get_queue(name)
        first = queue.get_job_ids(0, 1)
        job = Job.fetch(first[0], connection=queue.connection) if first else None
        out[name] = QueueState(queue.count, _age(job.enqueued_at) if job else None)
    return out


def _harvest_redis_url() -> str:
    """The harvest consumers' Redis (their URL has a one-hour socket timeout,
    taken out here: a health check must not wait that long)."""
    url = os.environ.get("TDPF_HARVEST_REDIS_URL") or tk.config.get("ckan.redis.url")
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "socket_timeout"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def harvest_queues() -> dict[str, QueueState]:
    """ckanext-harvest's gather and fetch queues (their messages are bare
    ids: no age)."""
    import redis

    lists = harvest_queue.waiting_lists()
    if not lists:
        return {}
    conn = redis.Redis.from_url(_harvest_redis_url(),
                                socket_timeout=tdpf_config.doctor_redis_timeout())
    return {name: QueueState(int(conn.llen(key)), None) for name, key in lists.items()}  # type: ignore[arg-type]


def ready() -> tuple[bool, dict[str, Any]]:
    """Whether the site can serve, and the JSON that says why (not)."""
    found = checks()
    failed = [name for name, c in found.items() if not c["ok"]]
    body: dict[str, Any] = {"status": "not ready" if failed else "ready", "failed": failed,
                            "checks": found}
    if found["redis"]["ok"]:
        try:
            body["queues"] = {name: vars(q) for name, q in
                              {**job_queues(), **harvest_queues()}.items()}
        except Exception as e:  # noqa: BLE001 - Redis gone since the PING
            failed.append("queues")
            body["status"] = "not ready"
            body["checks"]["queues"] = {"ok": False, "detail": redact(str(e))}
    return not failed, body
