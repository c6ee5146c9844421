"""Shared by the health and metrics tests: fresh checks, and a backlog on
a job queue no worker listens to here."""
from __future__ import annotations

import datetime

import pytest

from ckan.lib import jobs

from ckanext.tdpf import clock, queues
from ckanext.tdpf.ops import health


@pytest.fixture(autouse=True)
def _fresh_checks():
    health.forget()
    yield
    health.forget()


@pytest.fixture
def backlog():
    """Three link-check-like jobs waiting on the bulk queue, the first one
    enqueued two minutes ago; the other queues empty."""
    for name in queues.ALL:
        jobs.get_queue(name).empty()
    queue = jobs.get_queue(queues.BULK)
    made = [jobs.enqueue(jobs.test_job, ["waiting"], queue=queues.BULK) for _ in range(3)]
    made[0].enqueued_at = clock.now() - datetime.timedelta(seconds=120)
    made[0].save()
    yield queue
    queue.empty()
