#!/usr/bin/env python3
"""Scan-queue benchmark: how long a personal-data scan waits while
thousands of link checks are queued (issue 15: a new upload's scan waited
behind about 2,200 link checks on CKAN's single ``default`` queue).

Run (from the repository root, with the project virtualenv on PATH)::

    python bench/scan_queue.py                    # 5,000 link checks, queues as make serve
    python bench/scan_queue.py --before --links 300   # one default queue, as before
    python bench/scan_queue.py --json var/bench-scan-queue.json

What it does, through the real code paths and a real Redis, while the job
workers listen (started first, exactly as the Procfile starts them: its
``ckan jobs worker`` lines; ``--before``: one ``ckan jobs worker default``
and every job on ``default``, the layout before the queues were split):

1. queues ``--links`` link-check jobs (``linkcheck.enqueue_checks``, as the
   scheduler and harvests do; ids of datasets that do not exist, so each job
   is the cheapest link check there is: a lookup and a commit, no fetch);
2. then a provider adds a CSV to a public dataset (``resource_create``):
   its scan is queued as for any upload;
3. reports, from the RQ jobs' own timestamps, the scan's wait (queued →
   started) and its end (queued → finished), how many link checks were
   still waiting when it ended, and the link checks' throughput (after the
   scan, over the next ``--sample`` jobs). With one queue, a scan behind N
   link checks waits N / throughput: printed as the estimate for
   ``--links`` (a lower bound: real link checks fetch URLs).

Setup is bench/search.py's (``ensure_setup``): database ``tdpf_bench_queue``
and ``var/bench-queue.ini`` (Redis db 7) are created on first use. Every job
queue of the ini's site in that Redis db is emptied before and after the
run: never point ``--ini`` or ``--redis-url`` at a real site.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import pathlib
import re
import subprocess
import sys
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import search as search_bench  # noqa: E402  (bench/search.py: setup helpers)

DEFAULT_INI = ROOT / "var" / "bench-queue.ini"
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/tdpf_bench_queue"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
CSV = "年度,来館者数\r\n2022,15230\r\n2023,16804\r\n".encode()
ATTEST = {"personal_data": True, "consent": True, "accuracy": True,
          "right_to_provide": True, "legal_compliance": True,
          "personal_data_kind": "非個人情報"}


def serve_workers() -> list[list[str]]:
    """The arguments of each ``ckan jobs worker`` line of the Procfile."""
    text = (ROOT / "Procfile").read_text()
    return [line.split() for line in
            re.findall(r"^\w+: .* jobs worker (.*)$", text, re.MULTILINE)]


def _empty_queues() -> None:
    from ckan.lib import jobs
    for queue in jobs.get_all_queues():
        queue.empty()


def _dataset() -> dict:
    """A public dataset of a provider organisation (made once)."""
    from ckan import model
    from ckan.plugins import toolkit as tk

    ctx = {"user": _sysadmin(), "ignore_auth": True}
    if model.Package.get("bench-queue-library") is None:
        if model.Group.get("bench-queue-org") is None:
            tk.get_action("organization_create")(dict(ctx), {"name": "bench-queue-org",
                                                             "title": "江東区（ベンチ）"})
        tk.get_action("package_create")(dict(ctx), {
            "name": "bench-queue-library", "title": "図書館の利用状況", "private": False,
            "owner_org": "bench-queue-org", "license_id": "cc-by-4.0",
            "privacy_policy_contains_personal_data": "非個人情報",
            "tdpf_warranty_attestation": ATTEST})
    return tk.get_action("package_show")(dict(ctx), {"id": "bench-queue-library"})


def _sysadmin() -> str:
    from ckan import model
    user = model.User.get("bench-queue-admin")
    if user is None:
        user = model.User(name="bench-queue-admin", email="bench@example.jp",
                          password=uuid.uuid4().hex, sysadmin=True)
        model.Session.add(user)
        model.Session.commit()
    return user.name


def _add_upload(pkg: dict):
    """resource_create with a file, as the provider's form does; the scan's RQ job."""
    from ckan.lib import jobs
    from ckan.plugins import toolkit as tk
    from ckan.tests.pytest_ckan.fixtures import FakeFileStorage

    from ckanext.tdpf_trust.scan import jobs as scan_jobs

    res = tk.get_action("resource_create")({"user": _sysadmin()}, {
        "package_id": pkg["id"], "name": "来館者数", "format": "CSV",
        "upload": FakeFileStorage(io.BytesIO(CSV), "visitors.csv"),
        "tdpf_warranty_attestation": ATTEST})
    scan = scan_jobs.latest(res["id"])
    return jobs.job_from_id(f"tdpf-scan-{scan.id}")


def _start_workers(ini: str, before: bool) -> list[subprocess.Popen]:
    cli = search_bench._ckan_cli()
    lines = [["default"]] if before else serve_workers()
    return [subprocess.Popen(cli + ["-c", ini, "jobs", "worker", *words],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for words in lines]


def _wait_registered(connection, count: int, timeout: float) -> None:
    """Until ``count`` workers listen (started and idle, as in production)."""
    from rq import Worker

    deadline = time.monotonic() + timeout
    while len(Worker.all(connection=connection)) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def _wait_finished(job, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if job.get_status(refresh=True) in ("finished", "failed"):
            return True
        time.sleep(0.05)
    return False


def _wait_sample(queue, sample: int, timeout: float) -> None:
    """Let the workers run ``sample`` more jobs of ``queue``."""
    left, start = len(queue), time.monotonic()
    while time.monotonic() - start < timeout and left - len(queue) < sample and len(queue):
        time.sleep(0.2)


def _throughput(queue, since: dt.datetime) -> tuple[int, float | None]:
    """Link checks of this run that finished, and how many a second (their
    own timestamps: first start to last end)."""
    from rq.job import Job

    ids = queue.finished_job_registry.get_job_ids()
    done = [j for j in Job.fetch_many(ids, connection=queue.connection)
            if j is not None and j.enqueued_at and j.enqueued_at >= since
            and j.started_at and j.ended_at]
    if len(done) < 2:
        return len(done), None
    span = (max(j.ended_at for j in done) - min(j.started_at for j in done)).total_seconds()
    return len(done), len(done) / span if span > 0 else None


def run(args) -> dict:
    from ckan.lib import jobs

    from ckanext.tdpf import queues
    from ckanext.tdpf.datarate import linkcheck
    from ckanext.tdpf_trust.scan import jobs as scan_jobs

    if args.before:  # every job on one queue, as before the queues were split
        queues.BULK = scan_jobs.QUEUE = "default"
    _empty_queues()
    pkg = _dataset()
    bulk = jobs.get_queue(queues.BULK)
    workers = _start_workers(str(args.ini), args.before)
    try:
        _wait_registered(bulk.connection, len(workers), args.timeout)
        since = dt.datetime.now(dt.UTC)  # as RQ stamps its jobs
        started = time.perf_counter()
        linkcheck.enqueue_checks([str(uuid.uuid4()) for _ in range(args.links)])
        queued_in = time.perf_counter() - started
        scan_job = _add_upload(pkg)
        finished = _wait_finished(scan_job, args.timeout)
        waiting_then = len(bulk)
        if finished:
            _wait_sample(bulk, args.sample, args.timeout)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(60)
        _empty_queues()
    scan_job.refresh()
    checked, rate = _throughput(bulk, since)

    def seconds(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
        return round((b - a).total_seconds(), 3) if a and b else None

    return {
        "layout": "one default queue (before)" if args.before else "make serve (after)",
        "workers": [["default"]] if args.before else serve_workers(),
        "link_checks_queued_first": args.links, "enqueue_seconds": round(queued_in, 2),
        "scan_finished": finished,
        "scan_wait_seconds": seconds(scan_job.enqueued_at, scan_job.started_at),
        "scan_done_seconds": seconds(scan_job.enqueued_at, scan_job.ended_at),
        "link_checks_waiting_when_scan_done": waiting_then,
        "link_checks_run": checked,
        "link_checks_per_second": round(rate, 2) if rate else None,
        "one_queue_estimate_seconds": round(args.links / rate, 1) if rate else None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", type=pathlib.Path, default=DEFAULT_INI)
    parser.add_argument("--db-url", default=DEFAULT_DB_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--setup", action="store_true", help="re-run the setup steps")
    parser.add_argument("--links", type=int, default=5000, help="link checks queued first")
    parser.add_argument("--sample", type=int, default=100,
                        help="link checks timed after the scan (throughput)")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds to wait for the scan, and for the sample")
    parser.add_argument("--before", action="store_true",
                        help="one default queue and worker, as before the split")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)

    search_bench.ensure_setup(args)
    app = search_bench.make_ckan_app(str(args.ini))
    with app._wsgi_app.test_request_context():
        figures = run(args)
    for key, value in figures.items():
        print(f"{key:38} {value}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
