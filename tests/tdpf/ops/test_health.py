"""/health/live and /health/ready as a load balancer or an operator's
monitor polls them: real PostgreSQL and Redis, Redis "down" by pointing
ckan.redis.url at a closed port."""
from __future__ import annotations

import socket

import pytest

from ckan.tests import factories as ckan_factories

from tests import factories
from tests.tdpf.ops.scrape import LOCAL


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once closed


def test_live_answers_without_the_database(app, monkeypatch):
    from ckan import model

    def no_database(*args, **kwargs):
        raise AssertionError("/health/live touched the database")

    monkeypatch.setattr(model.Session, "execute", no_database)
    response = app.get("/health/live")
    assert response.status_code == 200
    assert response.json == {"status": "live"}
    assert response.headers["Cache-Control"] == "no-store, private"
    # the security headers every page carries
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.usefixtures("clean_db")
def test_ready_on_the_test_site(app):
    org = ckan_factories.Organization()
    factories.Dataset(name="ready-public", owner_org=org["id"])
    factories.Dataset(name="ready-hidden", private=True, owner_org=org["id"])
    response = app.get("/health/ready")
    body = response.json
    assert response.status_code == 200, body
    assert body["status"] == "ready" and body["failed"] == []
    assert set(body["checks"]) == {"database", "redis", "search_backend", "search_index",
                                   "migrations"}
    assert all(c["ok"] for c in body["checks"].values())
    assert "PostgreSQL" in body["checks"]["database"]["detail"]
    # totals only: no dataset names, private or public
    assert "2 active datasets" in body["checks"]["search_index"]["detail"]
    text = response.get_data(as_text=True)
    assert "ready-hidden" not in text and "ready-public" not in text
    assert {"tdpf_scan", "default", "tdpf_bulk", "tdpf_files"} <= set(body["queues"])
    assert "Content-Security-Policy" in response.headers


def test_ready_is_503_naming_redis_when_redis_is_down(app, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.redis.url",
                        f"redis://:s3cret@127.0.0.1:{_closed_port()}/0")
    response = app.get("/health/ready")
    body = response.json
    assert response.status_code == 503, body
    assert body["status"] == "not ready"
    assert body["failed"] == ["redis"]
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert "queues" not in body  # not asked of a Redis that does not answer
    assert "s3cret" not in response.get_data(as_text=True)  # no URL, no password


def test_a_backlog_shows_depth_and_oldest_age(app, backlog):
    queues = app.get("/health/ready").json["queues"]
    bulk = queues["tdpf_bulk"]
    assert bulk["depth"] == 3
    assert 120 <= bulk["oldest_age_seconds"] < 180
    assert set(queues["tdpf_files"]) == {"depth", "oldest_age_seconds"}


def test_slow_checks_are_reused_within_their_ttl(app, monkeypatch):
    from ckanext.tdpf import doctor
    from ckanext.tdpf.ops import health

    calls = []
    real = doctor.check_index

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setitem(health.SLOW, "search_index", counted)
    for _ in range(3):
        assert app.get("/health/ready").status_code in (200, 503)
    assert len(calls) == 1
    # another web worker (nothing in its own memory) takes it from Redis
    health._cached.clear()
    detail = app.get("/health/ready").json["checks"]["search_index"]
    assert len(calls) == 1
    assert 0 <= detail["checked_seconds_ago"] < 30
    health.forget()
    app.get("/health/ready", environ_base=LOCAL)
    assert len(calls) == 2
