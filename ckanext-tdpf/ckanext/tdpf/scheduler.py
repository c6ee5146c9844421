"""Periodic tasks, run by `ckan tdpf scheduler` (started by `make serve`).

Each task only enqueues a background job, so slow work runs in the job
worker and a failing task never stops the others. Later features (harvest
runs, link checks) are entries of TASKS; other plugins add theirs through
``ckanext.tdpf.interfaces.IScheduledTasks`` (scheduled withdrawals...).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

import ckan.plugins.toolkit as tk
from ckan import model

log = logging.getLogger(__name__)


@dataclass
class Task:
    name: str
    every_seconds: int
    run: Callable[[], None]


def index_missing_datasets() -> None:
    """Job: index datasets that have no index row (e.g. written with
    ``defer_commit`` by a client that never indexed them)."""
    from ckan.lib.search import rebuild

    rebuild(only_missing=True, quiet=True)


def _enqueue_index_check() -> None:
    from . import config as tdpf_config
    from .search.backend import POSTGRES
    if tdpf_config.search_backend() == POSTGRES:
        tk.enqueue_job(index_missing_datasets, title="tdpf: index missing datasets")


def _enqueue_link_checks() -> None:
    """Queue link checks of datasets never checked or checked longer ago
    than ``ckanext.tdpf.datarate.check_interval`` (data rate)."""
    from .datarate import linkcheck
    linkcheck.enqueue_due()


def run_harvest_jobs() -> None:
    """Job: ckanext-harvest's periodic step (when its plugin is loaded):
    start the sources due by their frequency, close finished or timed-out
    jobs. The harvesters live outside the core; only their action is used."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("harvest_jobs_run")({"user": site_user["name"]}, {})


def _enqueue_harvest_run() -> None:
    import sqlalchemy as sa

    try:
        tk.get_action("harvest_jobs_run")
    except KeyError:
        return  # harvest plugin not enabled
    if model.Session.execute(sa.text(
            "SELECT 1 FROM harvest_source WHERE active LIMIT 1")).first():
        tk.enqueue_job(run_harvest_jobs, title="tdpf: harvest jobs run")


TASKS: list[Task] = [
    Task("search-index-check", 3600, _enqueue_index_check),
    Task("link-check", 600, _enqueue_link_checks),
    Task("harvest-jobs-run", 300, _enqueue_harvest_run),
]


def all_tasks() -> list[Task]:
    """The core's tasks and those of plugins implementing IScheduledTasks."""
    import ckan.plugins as p

    from .interfaces import IScheduledTasks
    tasks = list(TASKS)
    for plugin in p.PluginImplementations(IScheduledTasks):
        tasks.extend(plugin.scheduled_tasks())
    return tasks


def run_forever(tick: float = 30.0, once: bool = False) -> None:
    tasks = all_tasks()
    due = {t.name: 0.0 for t in tasks}
    while True:
        now = time.monotonic()
        for task in tasks:
            if now >= due[task.name]:
                due[task.name] = now + task.every_seconds
                try:
                    task.run()
                    log.info("scheduled %s", task.name)
                except Exception:  # noqa: BLE001 - keep the other tasks alive
                    log.exception("periodic task %s failed", task.name)
                    model.Session.rollback()
        if once:
            return
        time.sleep(tick)
