"""The periodic scheduler: each task runs once per period whatever the
number of schedulers and their restarts (state in the real Redis), retries
a task that failed, and its index check indexes what is missing (real
database). Time moves by an injected clock, never by waiting."""
from __future__ import annotations

import datetime
import os
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

import ckan.lib.jobs as jobs
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import scheduler

from tests import factories as tdpf_factories

START = datetime.datetime(2026, 4, 1, 9, 0, 5, tzinfo=datetime.UTC)


class Clock:
    def __init__(self, now: datetime.datetime = START):
        self.current = now

    def __call__(self) -> datetime.datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += datetime.timedelta(seconds=seconds)


def noop(name: str) -> None:
    """The job the test tasks enqueue."""


def _enqueuing(name: str, every: int = 600, cron: str | None = None) -> scheduler.Task:
    return scheduler.Task(name, every, lambda: tk.enqueue_job(noop, [name], title=name), cron=cron)


def _queued() -> list[str]:
    return sorted(job.args[0] for job in jobs.get_queue().jobs
                  if job.func_name.endswith(".noop"))


@pytest.mark.usefixtures("clean_db", "clean_queues", "clean_redis")
def test_scheduler_enqueues_and_job_indexes_missing_datasets():
    org = factories.Organization()
    ds = tdpf_factories.Dataset(owner_org=org["id"], name="lost", title="索引から消えた公園")
    model.Session.execute(sa.text("DELETE FROM tdpf_search_index WHERE id = :id"), {"id": ds["id"]})
    model.Session.commit()
    assert call_action("package_search", q="公園")["count"] == 0

    scheduler.run_forever(once=True)
    queued = {j.func_name: j for j in jobs.get_queue().jobs}
    assert "ckanext.tdpf.scheduler.index_missing_datasets" in queued

    queued["ckanext.tdpf.scheduler.index_missing_datasets"].perform()  # as the worker does
    assert [r["name"] for r in call_action("package_search", q="公園")["results"]] == ["lost"]


def test_plugins_add_their_periodic_tasks():
    """Trust, market and harvesters tasks (IScheduledTasks) run beside the core's."""
    names = {t.name for t in scheduler.all_tasks()}
    assert {"search-index-check", "link-check", "harvest-jobs-run", "trust-withdrawals",
            "market-fee-renewals"} <= names
    assert all(t.every_seconds > 0 for t in scheduler.all_tasks())


def _tick_at_once(schedulers: list[scheduler.Scheduler]) -> list[str]:
    """Every scheduler's tick, started together (one thread each)."""
    start = threading.Barrier(len(schedulers))
    ran: list[str] = []

    def tick(one: scheduler.Scheduler) -> None:
        start.wait()
        ran.extend(one.tick())

    threads = [threading.Thread(target=tick, args=(one,)) for one in schedulers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ran


@pytest.mark.usefixtures("clean_queues", "clean_redis")
def test_two_schedulers_started_at_once_enqueue_each_task_once():
    tasks = [_enqueuing("hourly", 3600), _enqueuing("ten-minutes", 600)]
    clock = Clock()
    pair = [scheduler.Scheduler(tasks, connect_to_redis(), clock) for _ in range(2)]
    for period in range(6):  # six ten-minute periods, one hour
        ran = _tick_at_once(pair)
        assert sorted(ran) == (["hourly", "ten-minutes"] if period == 0 else ["ten-minutes"])
        clock.advance(600)
    assert _queued() == ["hourly"] + ["ten-minutes"] * 6


@pytest.mark.usefixtures("clean_queues", "clean_redis")
def test_a_restarted_scheduler_does_not_rerun_what_ran_this_period():
    tasks = [_enqueuing("hourly", 3600)]
    clock = Clock()
    assert scheduler.Scheduler(tasks, clock_now=clock).tick() == ["hourly"]
    clock.advance(60)  # restarted a minute later: the state is in Redis
    restarted = scheduler.Scheduler(tasks, clock_now=clock)
    assert restarted.tick() == []
    assert _queued() == ["hourly"]
    clock.advance(3600)  # the next hour
    assert restarted.tick() == ["hourly"]
    assert _queued() == ["hourly", "hourly"]


@pytest.mark.usefixtures("clean_queues", "clean_redis")
def test_a_task_that_failed_to_enqueue_is_retried_at_the_next_tick():
    calls = []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("queue unreachable")
        tk.enqueue_job(noop, ["flaky"])

    one = scheduler.Scheduler([scheduler.Task("flaky", 3600, flaky)], clock_now=Clock())
    assert one.tick() == []  # failed: nothing recorded as run
    assert one.tick() == ["flaky"]  # the next tick, same hour
    assert one.tick() == []
    assert _queued() == ["flaky"] and len(calls) == 2


@pytest.mark.usefixtures("clean_queues", "clean_redis")
def test_a_claim_left_by_a_killed_scheduler_expires():
    """A scheduler killed while running a task leaves its claim; another
    runs the task once the claim has expired."""
    one = scheduler.Scheduler([_enqueuing("hourly", 3600)], clock_now=Clock())
    period = one.tasks[0].period_start(START)
    one.redis.set(one._claim_key(one.tasks[0], period), "killed", ex=scheduler.CLAIM_SECONDS)
    assert one.tick() == []
    one.redis.delete(one._claim_key(one.tasks[0], period))  # as its expiry does
    assert one.tick() == ["hourly"]


@pytest.mark.usefixtures("clean_queues", "clean_redis")
def test_cron_tasks_run_once_per_scheduled_start():
    clock = Clock(datetime.datetime(2026, 4, 1, 2, 58, tzinfo=datetime.UTC))
    one = scheduler.Scheduler([_enqueuing("nightly", 0, cron="0 3 * * *")], clock_now=clock)
    assert one.tick() == ["nightly"]  # never ran: the period since yesterday 03:00
    clock.advance(60)
    assert one.tick() == []  # 02:59
    clock.advance(60)
    assert one.tick() == ["nightly"]  # 03:00
    clock.advance(23 * 3600)
    assert one.tick() == []  # 02:00 the next day
    [row] = one.status()
    assert row["schedule"] == "0 3 * * *"
    assert row["next"] == "2026-04-02T03:00:00+00:00" and row["last_run"].startswith("2026-04-01T03:00")


def test_a_task_needs_a_period():
    with pytest.raises(ValueError):
        scheduler.Task("never", 0, noop)
    with pytest.raises(ValueError):
        scheduler.Task("bad", 0, noop, cron="every day")


@pytest.mark.usefixtures("clean_db", "clean_queues", "clean_redis")
def test_two_scheduler_processes_then_a_restart_enqueue_the_index_check_once(request):
    """`ckan tdpf scheduler --once`, as the Procfile starts it: two at once,
    then a third (a restart) in the same hour."""
    ini = request.config.getoption("ckan_ini")
    command = [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", ini,
               "tdpf", "scheduler", "--once"]

    def index_checks() -> int:
        return sum(j.func_name.endswith(".index_missing_datasets")
                   for j in jobs.get_queue().jobs)

    pair = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for proc in pair:
        _out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-2000:]
    assert index_checks() == 1
    restarted = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    assert index_checks() == 1
    status = subprocess.run(command[:-1] + ["--status"], capture_output=True, text=True,
                            timeout=180)
    row = next(line for line in status.stdout.splitlines()
               if line.startswith("search-index-check"))
    assert "every 3600 s" in row and "last run 20" in row


@pytest.mark.usefixtures("clean_db", "clean_queues", "clean_redis")
def test_a_stopped_scheduler_finishes_its_tick_and_leaves_no_open_claim(request):
    """SIGTERM (a supervisor's stop) ends `ckan tdpf scheduler` cleanly: every
    period it claimed is recorded as run, so no claim is left for the next
    scheduler to wait out."""
    ini = request.config.getoption("ckan_ini")
    command = [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", ini,
               "tdpf", "scheduler"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):  # until its first tick has enqueued the index check
            if any(j.func_name.endswith(".index_missing_datasets")
                   for j in jobs.get_queue().jobs) or proc.poll() is not None:
                break
            threading.Event().wait(0.2)  # polling a child process, not timing it
        assert proc.poll() is None, proc.stderr.read()[-2000:]
        proc.terminate()
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert "scheduler stopped" in err
    periodic = scheduler.Scheduler(scheduler.all_tasks())
    task = next(t for t in periodic.tasks if t.name == "search-index-check")
    assert periodic.last_period(task) is not None
    by_name = {t.name: t for t in periodic.tasks}
    claims = [key.decode().rsplit(":", 2)[-2:]
              for key in connect_to_redis().scan_iter(f"{periodic.prefix}:claim:*")]
    assert claims
    for name, period in claims:
        assert (periodic.last_period(by_name[name]) or -1) >= int(period), name
