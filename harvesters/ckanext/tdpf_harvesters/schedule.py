"""The harvest schedule, as the harvesters' periodic tasks of
``ckan tdpf scheduler`` (``ckanext.tdpf.interfaces.IScheduledTasks``).

ckanext-harvest starts a source when its ``frequency`` makes it due, and
closes finished or timed-out jobs, in one action: ``harvest_jobs_run``
(which also closes jobs whose process died, jobs.py). Unlike the other
tasks, it runs in the scheduler itself rather than as a background job: it
only creates jobs, marks them finished and re-sends queue messages (a few
statements), and queued behind link checks it started sources half an hour
late. Dead jobs are closed every minute by the same route."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.harvest.model import HarvestSource

from . import jobs

log = logging.getLogger(__name__)
EVERY_SECONDS = 300
CLOSE_DEAD_EVERY_SECONDS = 60


def run_harvest_jobs() -> None:
    """ckanext-harvest's periodic step: start the sources due by their
    frequency, close finished, timed-out or dead jobs."""
    from .importer import site_context

    tk.get_action("harvest_jobs_run")(site_context(), {})


def _run_if_active() -> None:
    active = model.Session.query(HarvestSource.id).filter(HarvestSource.active.is_(True))
    if active.first() is None:
        return
    try:
        run_harvest_jobs()
    finally:
        model.Session.remove()


def _close_dead_jobs() -> None:
    try:
        closed = jobs.close_dead()
    finally:
        model.Session.remove()
    if closed:
        log.warning("closed %d harvest jobs whose process died: %s", len(closed), closed)


def scheduled_tasks() -> list:
    from ckanext.tdpf.scheduler import Task
    return [Task("harvest-jobs-run", EVERY_SECONDS, _run_if_active),
            Task("harvest-close-dead-jobs", CLOSE_DEAD_EVERY_SECONDS, _close_dead_jobs)]
