"""The Prometheus metrics of ``/metrics``.

Two kinds:

* counters and histograms updated where things happen (requests here, the
  search backend in ``search/stats.py``, rate-limit refusals through
  :func:`rate_limit_refused`): under gunicorn each process writes them to
  ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode, see
  ``gunicorn.py``) and a scrape adds the processes up;
* facts read at scrape time (:class:`ScrapeCollector`): the job queues from
  RQ's registries, harvest progress per source, link-check and file-pipeline
  outcomes, each one cheap aggregate query, and the health checks.
"""
from __future__ import annotations

import os
import statistics
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from ckan import model

from .. import queues
from . import health

GROUPS = ("search", "dataset", "api", "static", "other")
REQUEST_SECONDS = Histogram(
    "tdpf_http_request_seconds", "Time from the request's start to its response, "
    "per route group", ["group"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
RESPONSES = Counter("tdpf_http_responses", "Responses per route group and status class",
                    ["group", "status"])
RATE_LIMIT_REFUSALS = Counter("tdpf_rate_limit_refusals",
                              "Requests refused by a rate limit, per limiter", ["limiter"])
# how many of RQ's finished jobs per queue the durations are taken from
RECENT_JOBS = 200


def rate_limit_refused(limiter: str) -> None:
    """Count one refusal; ``limiter`` is a fixed name in the caller's code
    (``market_api``, ``community_posts``), never user input."""
    RATE_LIMIT_REFUSALS.labels(limiter).inc()


def route_group(endpoint: str | None, path: str) -> str:
    if path.startswith("/api/") or (endpoint or "").startswith("api."):
        return "api"
    if not endpoint:
        return "other"
    if endpoint == "static" or endpoint.endswith(".static") or endpoint.startswith("webassets."):
        return "static"
    if endpoint == "dataset.search":
        return "search"
    if endpoint.startswith(("dataset.", "resource.")):
        return "dataset"
    return "other"


def observe_request(endpoint: str | None, path: str, status: int, seconds: float) -> None:
    group = route_group(endpoint, path)
    REQUEST_SECONDS.labels(group).observe(seconds)
    RESPONSES.labels(group, f"{status // 100}xx").inc()


# -- read at scrape time ----------------------------------------------------------
def _gauge(name: str, doc: str, labels: list[str], rows: list[tuple[Any, ...]]) -> Metric:
    family = GaugeMetricFamily(name, doc, labels=labels)
    for *values, number in rows:
        family.add_metric([str(v) for v in values], float(number))
    return family


def _queue_metrics() -> Iterator[Metric]:
    from rq.job import Job
    from rq.registry import FailedJobRegistry, FinishedJobRegistry

    from ckan.lib import jobs

    states = {**health.job_queues(), **health.harvest_queues()}
    yield _gauge("tdpf_queue_depth", "Jobs waiting per queue", ["queue"],
                 [(name, q.depth) for name, q in states.items()])
    yield _gauge("tdpf_queue_oldest_job_age_seconds",
                 "Age of the oldest waiting job per RQ queue (0 when empty)", ["queue"],
                 [(name, q.oldest_age_seconds or 0) for name, q in states.items()
                  if not name.startswith("harvest_")])
    finished, failed, durations = [], [], []
    for name in queues.ALL:
        queue = jobs.get_queue(name)
        done = FinishedJobRegistry(queue=queue)
        finished.append((name, done.count))
        failed.append((name, FailedJobRegistry(queue=queue).count))
        ids = done.get_job_ids(-RECENT_JOBS, -1)
        seconds = [(j.ended_at - j.started_at).total_seconds()
                   for j in Job.fetch_many(ids, connection=queue.connection)
                   if j and j.ended_at and j.started_at]
        if seconds:
            cuts = statistics.quantiles(seconds, n=20) if len(seconds) > 1 else seconds * 19
            durations += [(name, "0.5", cuts[9]), (name, "0.95", cuts[18]),
                          (name, "1", max(seconds))]
    yield _gauge("tdpf_queue_finished_jobs", "Jobs RQ keeps as finished (its result_ttl)",
                 ["queue"], finished)
    yield _gauge("tdpf_queue_failed_jobs", "Jobs in RQ's failed-job registry", ["queue"],
                 failed)
    yield _gauge("tdpf_queue_job_duration_seconds",
                 f"Run time of the last {RECENT_JOBS} finished jobs per queue, by quantile",
                 ["queue", "quantile"], durations)


_HARVEST_SQL = """
WITH latest AS (
  SELECT DISTINCT ON (j.source_id) j.id, j.source_id, j.status, j.finished
  FROM harvest_job j JOIN harvest_source s ON s.id = j.source_id AND s.active
  ORDER BY j.source_id, j.created DESC)
SELECT coalesce(p.name, l.source_id), l.status, extract(epoch from l.finished),
  coalesce((SELECT json_object_agg(x.state, x.n) FROM (
     SELECT coalesce(o.state, 'WAITING') AS state, count(*) AS n FROM harvest_object o
     WHERE o.harvest_job_id = l.id GROUP BY 1) x), '{}'),
  (SELECT count(*) FROM harvest_object_error e JOIN harvest_object o
     ON o.id = e.harvest_object_id WHERE o.harvest_job_id = l.id),
  (SELECT count(*) FROM harvest_gather_error g WHERE g.harvest_job_id = l.id)
FROM latest l LEFT JOIN package p ON p.id = l.source_id
"""


def _harvest_metrics() -> Iterator[Metric]:
    if model.Session.execute(sa.text("SELECT to_regclass('harvest_job')")).scalar() is None:
        return
    rows = model.Session.execute(sa.text(_HARVEST_SQL)).all()
    yield _gauge("tdpf_harvest_job_objects",
                 "Objects of each active source's latest harvest job, by state",
                 ["source", "state"],
                 [(r[0], state, n) for r in rows for state, n in r[3].items()])
    yield _gauge("tdpf_harvest_job_errors", "Errors of each source's latest harvest job",
                 ["source", "stage"],
                 [row for r in rows for row in ((r[0], "gather", r[5]), (r[0], "object", r[4]))])
    yield _gauge("tdpf_harvest_job_running", "1 while a source's latest job is not finished",
                 ["source"], [(r[0], int(r[1] != "Finished")) for r in rows])
    yield _gauge("tdpf_harvest_last_finished_timestamp_seconds",
                 "When each source's latest job finished (Unix time)", ["source"],
                 [(r[0], r[2]) for r in rows if r[2] is not None])


def _outcome_metrics() -> Iterator[Metric]:
    links = model.Session.execute(sa.text("""
        SELECT CASE WHEN status BETWEEN 200 AND 399 THEN 'ok'
                    WHEN status IS NULL THEN 'unreachable' ELSE 'broken' END, count(*)
        FROM tdpf_link_check GROUP BY 1""")).all()
    yield _gauge("tdpf_link_checks", "Links by their latest check's outcome", ["outcome"],
                 [tuple(r) for r in links])
    files = model.Session.execute(sa.text(
        "SELECT state, count(*) FROM tdpf_file_state GROUP BY 1")).all()
    yield _gauge("tdpf_file_resources", "Resources of the file pipeline by state", ["state"],
                 [tuple(r) for r in files])


class ScrapeCollector:
    """The facts read when Prometheus asks; a part that fails (Redis down)
    leaves its metrics out and counts in ``tdpf_scrape_errors``."""

    def collect(self) -> Iterator[Metric]:
        checks = health.checks()
        yield _gauge("tdpf_health_check_ok", "1 when the /health/ready check passes",
                     ["check"], [(name, int(c["ok"])) for name, c in checks.items()])
        errors = []
        for part, read in (("queues", _queue_metrics), ("harvest", _harvest_metrics),
                           ("outcomes", _outcome_metrics)):
            if part == "queues" and not checks["redis"]["ok"]:
                errors.append((part, 1))
                continue
            try:
                yield from list(read())
                errors.append((part, 0))
            except Exception:  # noqa: BLE001 - the other parts still answer
                model.Session.rollback()
                errors.append((part, 1))
        yield _gauge("tdpf_scrape_errors", "1 when a part of the scrape failed", ["part"],
                     errors)


def exposition() -> bytes:
    """The text Prometheus reads: the processes' counters (all of gunicorn's
    workers in multiprocess mode) and the facts read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    now = CollectorRegistry()
    now.register(ScrapeCollector())  # type: ignore[arg-type]
    return generate_latest(counted) + generate_latest(now)
