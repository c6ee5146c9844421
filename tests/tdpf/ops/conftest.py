"""Shared by the health and metrics tests: a scrape as Prometheus reads it,
and a backlog on a job queue no worker listens to here."""
from __future__ import annotations

import datetime

import pytest
from prometheus_client.parser import text_string_to_metric_families

from ckan.lib import jobs

from ckanext.tdpf import clock, queues
from ckanext.tdpf.ops import health

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture(autouse=True)
def _fresh_checks():
    health.forget()
    yield
    health.forget()


def scrape(app) -> dict[tuple[str, tuple], float]:
    """``/metrics`` from 127.0.0.1 as {(sample name, sorted labels): value}."""
    response = app.get("/metrics", environ_base=LOCAL)
    assert response.status_code == 200, response.body
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for s in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def backlog():
    """Three link-check-like jobs waiting on the bulk queue, the first one
    enqueued two minutes ago."""
    queue = jobs.get_queue(queues.BULK)
    queue.empty()
    made = [jobs.enqueue(jobs.test_job, ["waiting"], queue=queues.BULK) for _ in range(3)]
    made[0].enqueued_at = clock.now() - datetime.timedelta(seconds=120)
    made[0].save()
    yield queue
    queue.empty()
