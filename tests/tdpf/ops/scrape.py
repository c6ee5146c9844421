"""A scrape of /metrics as Prometheus reads it (also used by the rate-limit
tests of the market)."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


def scrape(app) -> dict[tuple[str, tuple], float]:
    """``/metrics`` from 127.0.0.1 as {(sample name, sorted labels): value}."""
    response = app.get("/metrics", environ_base=LOCAL)
    assert response.status_code == 200, response.body
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for s in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
