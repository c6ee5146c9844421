"""/metrics as Prometheus scrapes it: refused to other addresses and to
proxied requests, and the numbers move when users do things."""
from __future__ import annotations

import pytest

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.ops import views

from tests import factories
from tests.tdpf.ops.scrape import LOCAL, scrape, value


@pytest.mark.parametrize(("environ", "headers"), [
    ({"REMOTE_ADDR": "203.0.113.9"}, {}),
    ({"REMOTE_ADDR": "10.1.2.3"}, {}),
    # nginx on the same host: the client looks local, the header tells
    (LOCAL, {"X-Forwarded-For": "203.0.113.9"}),
])
def test_metrics_refused_to_others(app, environ, headers):
    response = app.get("/metrics", environ_base=environ, headers=headers)
    assert response.status_code == 404
    assert "tdpf_" not in response.get_data(as_text=True)


@pytest.mark.ckan_config("ckanext.tdpf.metrics.allow_addresses", "127.0.0.1 10.1.0.0/16")
def test_metrics_served_to_configured_addresses(app):
    for address in ("127.0.0.1", "10.1.2.3"):
        response = app.get("/metrics", environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 200
        assert response.content_type.startswith("text/plain; version=")
        assert "tdpf_http_request_seconds_bucket" in response.get_data(as_text=True)
    assert app.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 404


def test_allowed_addresses():
    assert views.allowed("::1", False) is True  # the default: this host only
    assert views.allowed("127.0.0.1", True) is False  # forwarded by a proxy
    assert views.allowed("127.0.0.2", False) is False
    assert views.allowed("not an address", False) is False
    assert views.allowed(None, False) is False


def test_requests_are_timed_per_route_group(app):
    before = scrape(app)
    app.get("/dataset/")
    app.get("/api/3/action/status_show")
    app.get("/api/3/action/status_show")
    assert app.get("/dataset/no-such-dataset").status_code == 404
    # CKAN's public files answer every other address (its static route)
    assert app.get("/base/images/ckan-logo.png").status_code == 200
    assert app.get("/no-such-page-here").status_code == 404
    after = scrape(app)

    def grew(group, status="2xx"):
        return (value(after, "tdpf_http_responses_total", group=group, status=status)
                - value(before, "tdpf_http_responses_total", group=group, status=status))

    assert grew("search") == 1
    assert grew("api") == 2
    assert grew("dataset", "4xx") == 1
    assert grew("static") == 1 and grew("static", "4xx") == 1
    count = "tdpf_http_request_seconds_count"
    assert value(after, count, group="api") - value(before, count, group="api") == 2
    groups = {dict(k[1]).get("group") for k in after if k[0] == count}
    assert groups <= {"search", "dataset", "api", "static", "other"}


@pytest.mark.usefixtures("clean_db")
def test_a_search_moves_the_search_metrics(app):
    org = ckan_factories.Organization()
    for n in range(3):
        factories.Dataset(name=f"metrics-shelter-{n}", title=f"避難所一覧 {n}",
                          owner_org=org["id"])
    before = scrape(app)
    found = call_action("package_search", q="避難所", facet="true",
                        **{"facet.field": ["organization"]})
    assert found["count"] == 3
    after = scrape(app)
    assert (value(after, "tdpf_search_seconds_count")
            - value(before, "tdpf_search_seconds_count")) == 1
    assert (value(after, "tdpf_search_results_sum")
            - value(before, "tdpf_search_results_sum")) == 3
    lookups = sum(value(after, "tdpf_facet_cache_lookups_total", result=r)
                  - value(before, "tdpf_facet_cache_lookups_total", result=r)
                  for r in ("hit", "miss"))
    assert lookups == 1
    assert value(after, "tdpf_facet_cache_rows") >= 3
    # the ranking asked its cache for each tier of the word, at least once
    ranked = sum(value(after, "tdpf_rank_cache_lookups_total", result=r)
                 - value(before, "tdpf_rank_cache_lookups_total", result=r)
                 for r in ("hit", "miss"))
    assert ranked >= 1
    # the same search again: the tier sets come from the cache
    call_action("package_search", q="避難所")
    again = scrape(app)
    assert (value(again, "tdpf_rank_cache_lookups_total", result="hit")
            > value(after, "tdpf_rank_cache_lookups_total", result="hit"))
    # numbers only: no dataset name, public or private, no query
    factories.Dataset(name="metrics-private-plan", private=True, owner_org=org["id"])
    call_action("package_search", q="metrics-private-plan", include_private=True)
    text = app.get("/metrics", environ_base=LOCAL).get_data(as_text=True)
    assert "metrics-private-plan" not in text and "metrics-shelter" not in text
    assert "避難所" not in text


def test_a_backlog_shows_in_the_metrics(app, backlog):
    samples = scrape(app)
    assert value(samples, "tdpf_queue_depth", queue="tdpf_bulk") == 3
    assert 120 <= value(samples, "tdpf_queue_oldest_job_age_seconds", queue="tdpf_bulk") < 180
    assert ("tdpf_queue_depth", (("queue", "tdpf_scan"),)) in samples
    assert value(samples, "tdpf_health_check_ok", check="redis") == 1
    assert value(samples, "tdpf_scrape_errors", part="queues") == 0


@pytest.mark.usefixtures("clean_db")
def test_outcomes_and_harvest_progress_are_read_at_scrape(app):
    from ckan import model

    from ckanext.tdpf import clock
    from ckanext.tdpf.datarate.model import LinkCheck

    pkg = factories.Dataset(owner_org=ckan_factories.Organization()["id"])
    for n, status in enumerate((200, 404, None)):
        model.Session.add(LinkCheck(package_id=pkg["id"], url=f"https://example.jp/{n}",
                                    status=status, error="", checked_at=clock.now()))
    model.Session.commit()
    samples = scrape(app)
    for outcome in ("ok", "broken", "unreachable"):
        assert value(samples, "tdpf_link_checks", outcome=outcome) == 1
    assert value(samples, "tdpf_scrape_errors", part="outcomes") == 0
    assert value(samples, "tdpf_scrape_errors", part="harvest") == 0
