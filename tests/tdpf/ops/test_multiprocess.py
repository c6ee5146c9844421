"""/metrics under gunicorn with two workers, as the Procfile runs it
(``-c python:ckanext.tdpf.ops.gunicorn``, ``PROMETHEUS_MULTIPROC_DIR``):
each worker writes its own files and one scrape counts the requests of
both; the files of an earlier run are removed at start."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.tdpf.search.test_portal_server import gunicorn_serving

LIVE = "tdpf_http_responses_total"


def _served(samples, group="other") -> float:
    return sum(s.value for s in samples
               if s.name == LIVE and s.labels == {"group": group, "status": "2xx"})


@pytest.fixture
def gunicorn(tmp_path):
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")  # an earlier run's
    with gunicorn_serving(["-c", "python:ckanext.tdpf.ops.gunicorn", "--workers", "2"],
                          {"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}, "/health/live",
                          wait_s=120) as url:
        yield url, metrics_dir


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
