"""The harvest schedule is the harvesters' periodic tasks (IScheduledTasks):
ckanext-harvest's periodic step runs in the scheduler itself while some
source is active (issue 18 #7: queued, it waited behind link checks), and
jobs whose process died are closed every minute."""
from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa

import ckan.lib.jobs as jobs
import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.harvest.model import HarvestJob
from ckanext.tdpf import queues, scheduler
from ckanext.tdpf_harvesters import schedule


def _task(name: str) -> scheduler.Task:
    return next(t for t in scheduler.all_tasks() if t.name == name)


def _jobs_of(source_id: str) -> int:
    model.Session.remove()
    return model.Session.query(HarvestJob).filter_by(source_id=source_id).count()


def _noop() -> None:
    """A link check stand-in, waiting in the workers' queues."""


@pytest.mark.usefixtures("clean_db", "clean_queues", "clean_redis")
def test_due_source_started_at_the_tick_whatever_the_queues_hold(remote, make_source,
                                                                 sysadmin):
    now = [datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)]
    every = scheduler.Scheduler([_task("harvest-jobs-run")], clock_now=lambda: now[0])
    assert every.tick() == ["harvest-jobs-run"]  # no source: nothing to do

    for _ in range(50):  # link checks nobody is taking yet
        tk.enqueue_job(_noop, queue=queues.BULK)
        tk.enqueue_job(_noop)
    source = make_source(remote.url)
    model.Session.execute(sa.text(
        "UPDATE harvest_source SET frequency = 'DAILY', next_run = now() - interval '1 minute'"))
    model.Session.commit()
    now[0] += datetime.timedelta(seconds=schedule.EVERY_SECONDS)
    assert every.tick() == ["harvest-jobs-run"]
    assert _jobs_of(source["id"]) == 1  # created now, not after the queued jobs
    assert len(jobs.get_queue().jobs) == 50  # and nothing of ours queued there

    tk.get_action("harvest_source_delete")({"user": sysadmin["name"]}, {"id": source["id"]})
    now[0] += datetime.timedelta(seconds=schedule.EVERY_SECONDS)
    assert every.tick() == ["harvest-jobs-run"]


@pytest.mark.usefixtures("clean_db", "clean_redis")
def test_dead_jobs_closed_every_minute(remote, make_source):
    """A gather consumer killed mid-gather: no lease holds its job."""
    source = make_source(remote.url)
    started = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(
        minutes=5)
    job = HarvestJob(source_id=source["id"], status="Running", created=started,
                     gather_started=started)
    job.save()
    now = [datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)]
    task = _task("harvest-close-dead-jobs")
    assert task.every_seconds == 60
    scheduler.Scheduler([task], clock_now=lambda: now[0]).tick()
    model.Session.remove()
    assert HarvestJob.get(job.id).status == "Finished"
