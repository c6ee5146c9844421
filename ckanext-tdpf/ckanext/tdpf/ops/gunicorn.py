"""gunicorn settings for the metrics of several worker processes:
``gunicorn -c python:ckanext.tdpf.ops.gunicorn ...`` (Procfile ``web``).

With ``PROMETHEUS_MULTIPROC_DIR`` set (scripts/serve.sh and the systemd
unit set it from ``TDPF_METRICS_DIR``), each worker writes its counters to
files there and a scrape of any worker adds them up. The directory is
emptied when gunicorn starts (files of an earlier run would be counted
again) and a worker that exits is marked dead, so its live gauges leave
the sums; its counters stay counted, as Prometheus expects."""
from __future__ import annotations

import os
import pathlib


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        path = pathlib.Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        for old in path.glob("*.db"):
            old.unlink()


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
