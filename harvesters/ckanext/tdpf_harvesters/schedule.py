"""The harvest schedule, as the harvesters' periodic task of
``ckan tdpf scheduler`` (``ckanext.tdpf.interfaces.IScheduledTasks``).

ckanext-harvest starts a source when its ``frequency`` makes it due, and
closes finished or timed-out jobs, in one action: ``harvest_jobs_run``.
The task enqueues a job calling it while some source is active."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.harvest.model import HarvestSource

EVERY_SECONDS = 300


def run_harvest_jobs() -> None:
    """Job: ckanext-harvest's periodic step: start the sources due by their
    frequency, close finished or timed-out jobs."""
    from .importer import site_context

    tk.get_action("harvest_jobs_run")(site_context(), {})


def _enqueue_harvest_run() -> None:
    active = model.Session.query(HarvestSource.id).filter(HarvestSource.active.is_(True))
    if active.first() is not None:
        tk.enqueue_job(run_harvest_jobs, title="tdpf: harvest jobs run")


def scheduled_tasks() -> list:
    from ckanext.tdpf.scheduler import Task
    return [Task("harvest-jobs-run", EVERY_SECONDS, _enqueue_harvest_run)]
