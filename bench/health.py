#!/usr/bin/env python3
"""Health and metrics benchmark: what one poll of ``/health/ready`` and one
scrape of ``/metrics`` cost on a catalogue (ckanext/tdpf/ops/).

Run (from the repository root, with the project virtualenv on PATH)::

    python bench/health.py --ini var/bench-health.ini --repeat 20

The ini is any site's (the benchmark catalogue of bench/search.py for the
100,000-dataset figure); nothing is written to its database. Timed through
Flask's test client, every plugin of the ini loaded: ``/health/ready`` cold
(no cached check: the index counts run), warm (the median of ``--repeat``
polls within the cache TTL), and ``/metrics`` (the median of ``--repeat``
scrapes from 127.0.0.1).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--ini", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    app = make_app(CKANConfigLoader(os.path.abspath(args.ini)).get_config())
    client = app._wsgi_app.test_client()  # type: ignore[attr-defined]
    local = {"REMOTE_ADDR": "127.0.0.1"}

    from ckanext.tdpf.ops import health

    with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
        health.forget()
    answer = client.get("/health/ready")
    print(json.dumps(answer.get_json()["checks"]["search_index"], ensure_ascii=False))
    with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
        health.forget()
    cold = _timed(lambda: client.get("/health/ready"))
    warm = [_timed(lambda: client.get("/health/ready")) for _ in range(args.repeat)]
    scrapes = [_timed(lambda: client.get("/metrics", environ_base=local))
               for _ in range(max(1, args.repeat // 4))]
    print(f"/health/ready cold {cold * 1000:.0f} ms, warm median "
          f"{statistics.median(warm) * 1000:.1f} ms; /metrics median "
          f"{statistics.median(scrapes) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
