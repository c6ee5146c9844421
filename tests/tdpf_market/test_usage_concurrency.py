"""Concurrent downloads through the authorised route (real PostgreSQL and
Redis, one database connection per thread): every download the route lets
through is logged once and charged once, every other one is a 429, and the
dashboard and the history count exactly what was served."""
from __future__ import annotations

import threading
from collections import Counter

import pytest

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_market.access.model import AccessLog
from ckanext.tdpf_market.fees.model import FeeEntry
from ckanext.tdpf_market.ratelimit import bucket

from tests.tdpf_market.conftest import attest, ctx

THREADS, EACH, ALLOWANCE, PRICE = 8, 6, 30, 50


@pytest.mark.ckan_config("ckanext.tdpf_market.ratelimit.enabled", "true")
@pytest.mark.ckan_config("ckanext.tdpf_market.ratelimit.download.paid", f"{ALLOWANCE}/h")
def test_concurrent_downloads_are_logged_and_charged_exactly_once(app, market):
    member, provider = market["paid_member"], market["provider"]
    call_action("package_patch", {"user": provider["name"]}, id="flow-premium",
                fee_amount=PRICE, fee_unit="download", **attest())
    grant = call_action("tdpf_access_request_create", ctx(member), dataset_id="flow-premium",
                        purpose="商用", accepted_conditions=True)
    assert grant["state"] == "approved"     # automatic approval
    resource_id = market["paid"]["resources"][0]["id"]
    bucket.clear("download", f"user:{member['id']}")
    token = factories.APIToken(user=member["name"])["token"]

    codes: Counter = Counter()
    lock = threading.Lock()

    def member_downloads():
        for _ in range(EACH):
            status = app.get(f"/market/download/{resource_id}",
                             headers={"Authorization": token},
                             follow_redirects=False).status_code
            with lock:
                codes[status] += 1
    threads = [threading.Thread(target=member_downloads) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    served = THREADS * EACH - codes[429]
    assert codes[429] == THREADS * EACH - ALLOWANCE and served == ALLOWANCE, codes
    model.Session.remove()
    logged = model.Session.query(AccessLog).filter_by(user_id=member["id"]).all()
    assert len(logged) == served and len({row.id for row in logged}) == served
    charges = model.Session.query(FeeEntry).filter_by(member_user_id=member["id"],
                                                      kind="download").all()
    assert len(charges) == served
    assert sorted(c.access_log_id for c in charges) == sorted(row.id for row in logged)

    report = call_action("tdpf_usage_show", {"user": provider["name"]}, id="flow-premium")
    assert report["downloads_total"] == served
    assert report["downloads_per_day"][-1]["count"] == served
    assert report["downloads_by_member_type"] == [
        {"key": "corporation", "label": "法人", "count": served}]
    assert report["fees_total_yen"] == served * PRICE
    history = call_action("tdpf_usage_history", {"user": member["name"]})
    assert len(history["downloads"]) == served and history["fees_total_yen"] == served * PRICE
