"""/metrics under gunicorn with two workers, as the Procfile runs it
(``-c python:ckanext.tdpf.ops.gunicorn``, ``PROMETHEUS_MULTIPROC_DIR``):
each worker writes its own files and one scrape counts the requests of
both; the files of an earlier run are removed at start."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.tdpf.search.test_portal_server import _free_port

LIVE = "tdpf_http_responses_total"


def _served(samples, group="other") -> float:
    return sum(s.value for s in samples
               if s.name == LIVE and s.labels == {"group": group, "status": "2xx"})


@pytest.fixture
def gunicorn(tmp_path):
    from ckan.common import config as ckan_config

    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")  # an earlier run's
    port = _free_port()
    env = dict(os.environ, CKAN_INI=ckan_config["__file__"],
               PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    binary = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log = tempfile.TemporaryFile()  # noqa: SIM115 - open while the server runs
    proc = subprocess.Popen(
        [binary, "-c", "python:ckanext.tdpf.ops.gunicorn", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "ckanext.tdpf.wsgi:application"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if requests.get(f"{url}/health/live", timeout=10).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail("gunicorn exited:\n" + log.read().decode())
            time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not answer within 120 s")
        yield url, metrics_dir
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_one_scrape_counts_the_requests_of_both_workers(gunicorn):
    url, metrics_dir = gunicorn
    assert not (metrics_dir / "counter_999999.db").exists()
    # slow enough requests in parallel keep both sync workers busy
    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(lambda _: requests.get(f"{url}/dataset/", timeout=60), range(24)))
    assert {p.status_code for p in pages} == {200}

    per_worker = {}
    for path in metrics_dir.glob("counter_*.db"):
        samples = [s for m in MultiProcessCollector.merge([str(path)]) for s in m.samples]
        per_worker[path.name] = _served(samples, "search")
    assert len([n for n in per_worker.values() if n]) == 2, per_worker

    text = requests.get(f"{url}/metrics", timeout=30).text
    samples = [s for f in text_string_to_metric_families(text) for s in f.samples]
    assert _served(samples, "search") == sum(per_worker.values()) == 24
