"""Periodic tasks, run by `ckan tdpf scheduler` (started by `make serve`).

Each task only enqueues a background job, so slow work runs in the job
worker and a failing task never stops the others. Later features (harvest
runs, link checks, scheduled withdrawals) add entries to TASKS.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

log = logging.getLogger(__name__)


@dataclass
class Task:
    name: str
    every_seconds: int
    run: Callable[[], None]


def index_missing_datasets() -> int:
    """Job: index active datasets that have no index row (e.g. written with
    ``defer_commit`` by a client that never indexed them)."""
    from ckan.lib.search import rebuild

    from .search.connection import TABLE

    ids = [r[0] for r in model.Session.execute(sa.text(
        f"SELECT p.id FROM package p WHERE p.state = 'active' AND NOT EXISTS "
        f"(SELECT 1 FROM {TABLE} i WHERE i.id = p.id)"))]
    if ids:
        rebuild(package_ids=ids, quiet=True)
        log.info("indexed %d missing datasets", len(ids))
    return len(ids)


def _enqueue_index_check() -> None:
    from . import config as tdpf_config
    if tdpf_config.search_backend() == "postgres":
        tk.enqueue_job(index_missing_datasets, title="tdpf: index missing datasets")


TASKS: list[Task] = [
    Task("search-index-check", 3600, _enqueue_index_check),
]


def run_forever(tick: float = 30.0, once: bool = False) -> None:
    due = {t.name: 0.0 for t in TASKS}
    while True:
        now = time.monotonic()
        for task in TASKS:
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
