"""The harvest schedule is the harvesters' periodic task (IScheduledTasks):
it queues ckanext-harvest's periodic step while some source is active, and
the core's scheduler runs it once per period like any other task."""
from __future__ import annotations

import datetime

import pytest

import ckan.lib.jobs as jobs
import ckan.plugins.toolkit as tk

from ckanext.tdpf import scheduler
from ckanext.tdpf_harvesters import schedule

RUN = "ckanext.tdpf_harvesters.schedule.run_harvest_jobs"


def _queued() -> list[str]:
    return [job.func_name for job in jobs.get_queue().jobs if job.func_name == RUN]


def _task() -> scheduler.Task:
    return next(t for t in scheduler.all_tasks() if t.name == "harvest-jobs-run")


@pytest.mark.usefixtures("clean_db", "clean_queues", "clean_redis")
def test_harvest_runs_are_queued_only_while_a_source_is_active(remote, make_source, sysadmin):
    now = [datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)]
    every = scheduler.Scheduler([_task()], clock_now=lambda: now[0])
    assert every.tick() == ["harvest-jobs-run"]
    assert _queued() == []  # no source: nothing to start

    source = make_source(remote.url)
    now[0] += datetime.timedelta(seconds=schedule.EVERY_SECONDS)
    assert every.tick() == ["harvest-jobs-run"]
    assert _queued() == [RUN]

    tk.get_action("harvest_source_delete")({"user": sysadmin["name"]}, {"id": source["id"]})
    jobs.get_queue().empty()
    now[0] += datetime.timedelta(seconds=schedule.EVERY_SECONDS)
    assert every.tick() == ["harvest-jobs-run"]
    assert _queued() == []  # the source is gone
