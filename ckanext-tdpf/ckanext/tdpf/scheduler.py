"""Periodic tasks, run by `ckan tdpf scheduler` (a process of the Procfile).

Each task only enqueues background jobs, so slow work runs in the job
workers and a failing task never stops the others. Plugins add theirs
through ``ckanext.tdpf.interfaces.IScheduledTasks`` (harvest runs,
scheduled withdrawals...).

A task runs once per *period*: ``every_seconds`` cuts time into periods
aligned on the epoch (hourly tasks at the top of the hour), or a ``cron``
expression (UTC, croniter) names their starts. The state lives in Redis,
so any number of schedulers, restarted at any time, agree:

- the last period each task ran in (``<prefix>:done``): a restarted
  scheduler does not run again what ran in the current period;
- a claim per task and period (``SET NX`` with an expiry): of two
  schedulers ticking at once, one runs the task. The claim is given back
  when the task fails, so the next tick retries it; a scheduler killed
  mid-task leaves it to expire, and another retries after ``CLAIM_SECONDS``.

RQ's own cron scheduler keeps its due times in memory (a restart re-runs
everything, two double-enqueue), hence this small layer over croniter.
"""
from __future__ import annotations

import datetime
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from croniter import croniter

import ckan.plugins.toolkit as tk
from ckan import model

from . import clock

log = logging.getLogger(__name__)

# How long a claim outlives a scheduler that died while running the task.
CLAIM_SECONDS = 300
TICK_SECONDS = 30.0

# Record the period as done unless a later one is recorded already (two
# schedulers whose clocks differ must not move a task back in time).
_MARK_DONE = """
local last = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if last < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
"""


@dataclass(frozen=True)
class Task:
    """``run`` is called once per period of ``every_seconds`` seconds, or of
    the ``cron`` expression (then ``every_seconds`` may be 0)."""
    name: str
    every_seconds: int
    run: Callable[[], None]
    cron: str | None = None

    def __post_init__(self):
        if self.cron is None and self.every_seconds <= 0:
            raise ValueError(f"task {self.name}: every_seconds > 0 or a cron expression")
        if self.cron is not None and not croniter.is_valid(self.cron):
            raise ValueError(f"task {self.name}: invalid cron expression {self.cron!r}")

    def period_start(self, now: datetime.datetime) -> int:
        """The epoch second at which the period holding ``now`` began."""
        ts = int(now.timestamp())
        if self.cron is None:
            return ts - ts % self.every_seconds
        # get_prev is strictly before its start: a second later, so that a
        # period beginning at ``now`` is the current one
        return int(croniter(self.cron, ts + 1).get_prev(float))

    def next_start(self, now: datetime.datetime) -> int:
        if self.cron is None:
            return self.period_start(now) + self.every_seconds
        return int(croniter(self.cron, int(now.timestamp())).get_next(float))


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


def _enqueue_file_checks() -> None:
    """Queue the file pipeline's re-check of remote files
    (``ckanext.tdpf.files.recheck_interval``)."""
    from .files import queue
    queue.enqueue_due()


def _enqueue_searchlog_flush() -> None:
    """Write the queued searches and clicks (``searchlog.store``)."""
    from .searchlog import store
    tk.enqueue_job(store.run_flush, title="tdpf: search log flush")


def _enqueue_searchlog_purge() -> None:
    """Delete searches past ``ckanext.tdpf.searchlog.retention_days``."""
    from .searchlog import store
    tk.enqueue_job(store.run_purge, title="tdpf: search log purge")


def _enqueue_usage_flush() -> None:
    """Add the counted views and downloads to the daily rows (``usage.counter``)."""
    from .usage import counter
    tk.enqueue_job(counter.run_flush, title="tdpf: usage flush")


TASKS: list[Task] = [
    Task("search-index-check", 3600, _enqueue_index_check),
    Task("link-check", 600, _enqueue_link_checks),
    Task("file-recheck", 600, _enqueue_file_checks),
    Task("searchlog-flush", 60, _enqueue_searchlog_flush),
    Task("searchlog-purge", 86400, _enqueue_searchlog_purge),
    Task("usage-flush", 60, _enqueue_usage_flush),
]


def all_tasks() -> list[Task]:
    """The core's tasks and those of plugins implementing IScheduledTasks."""
    import ckan.plugins as p

    from .interfaces import IScheduledTasks
    tasks = list(TASKS)
    for plugin in p.PluginImplementations(IScheduledTasks):
        tasks.extend(plugin.scheduled_tasks())
    names = [t.name for t in tasks]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise RuntimeError(f"scheduled tasks registered twice: {', '.join(doubles)}")
    return tasks


def _redis():
    from ckan.lib.redis import connect_to_redis
    return connect_to_redis()


def _prefix() -> str:
    return f"ckan:{tk.config.get('ckan.site_id')}:tdpf:scheduler"


class Scheduler:
    """Runs the tasks due at each :meth:`tick`; ``clock`` gives the time
    (aware), so tests move it instead of waiting."""

    def __init__(self, tasks: Iterable[Task], redis=None,
                 clock_now: Callable[[], datetime.datetime] = clock.now,
                 prefix: str | None = None):
        self.tasks = list(tasks)
        self.redis = redis if redis is not None else _redis()
        self.now = clock_now
        self.prefix = prefix or _prefix()
        self._mark_done = self.redis.register_script(_MARK_DONE)

    @property
    def _done_key(self) -> str:
        return f"{self.prefix}:done"

    @property
    def _ran_at_key(self) -> str:
        return f"{self.prefix}:ran_at"

    def _claim_key(self, task: Task, period: int) -> str:
        return f"{self.prefix}:claim:{task.name}:{period}"

    def last_period(self, task: Task) -> int | None:
        value = self.redis.hget(self._done_key, task.name)
        return int(value) if value is not None else None

    def _ran_in(self, task: Task, period: int) -> bool:
        """True when ``task`` ran in ``period`` or a later one."""
        last = self.last_period(task)
        return last is not None and last >= period

    def tick(self) -> list[str]:
        """Run every task whose current period has not run yet; returns the
        names of the tasks run."""
        now = self.now()
        return [task.name for task in self.tasks if self._run_if_due(task, now)]

    def _run_if_due(self, task: Task, now: datetime.datetime) -> bool:
        period = task.period_start(now)
        if self._ran_in(task, period):
            return False
        claim = self._claim_key(task, period)
        if not self.redis.set(claim, self.now().isoformat(), nx=True, ex=CLAIM_SECONDS):
            return False  # another scheduler has it
        if self._ran_in(task, period):  # it finished just before our claim
            return False
        try:
            task.run()
        except Exception:  # noqa: BLE001 - keep the other tasks alive
            log.exception("periodic task %s failed; retried at the next tick", task.name)
            model.Session.rollback()
            self.redis.delete(claim)
            return False
        self._mark_done(keys=[self._done_key, self._ran_at_key],
                        args=[task.name, period, self.now().isoformat()])
        log.info("scheduled %s", task.name)
        return True

    def status(self) -> list[dict]:
        """Each task's schedule, last run and next start (for operators)."""
        now = self.now()
        out = []
        for task in self.tasks:
            ran_at = self.redis.hget(self._ran_at_key, task.name)
            due = not self._ran_in(task, task.period_start(now))
            out.append({
                "name": task.name,
                "schedule": task.cron or f"every {task.every_seconds} s",
                "last_run": ran_at.decode() if isinstance(ran_at, bytes) else ran_at,
                "next": "now" if due else datetime.datetime.fromtimestamp(
                    task.next_start(now), clock.UTC).isoformat(),
            })
        return out

    def forget(self) -> None:
        """Drop the recorded runs: every task is due again."""
        claims = list(self.redis.scan_iter(f"{self.prefix}:claim:*"))
        self.redis.delete(self._done_key, self._ran_at_key, *claims)


def run_forever(tick: float = TICK_SECONDS, once: bool = False,
                stop: threading.Event | None = None) -> None:
    """Tick until SIGTERM/SIGINT (or ``stop`` is set): a stop request lets
    the task being run finish and its period be recorded, so a supervisor's
    stop never leaves a claim for another scheduler to wait out."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    scheduler = Scheduler(all_tasks())
    while not stop.is_set():
        scheduler.tick()
        model.Session.remove()  # no transaction held open between ticks
        if once:
            return
        stop.wait(tick)
    log.info("scheduler stopped")
