"""Shared by the usage and search log tests: two organisations, their
editors, an operator; in org-a an open dataset with a resource hosted at
the source and an upload-free second one, a private dataset and a gated
(conditional) one. Redis is this run's own database (TDPF_TEST_REDIS_URL)."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests import factories as tdpf_factories
from tests.tdpf_market.conftest import CONDITIONAL

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
REMOTE = "https://source.example.jp/files/aed.csv"


@pytest.fixture
def world(clean_db, clean_redis):
    operator = factories.SysadminWithToken()
    provider, other, lonely = (factories.UserWithToken() for _ in range(3))
    org_a = factories.Organization(name="org-a", title="千代田区",
                                   users=[{"name": provider["name"], "capacity": "editor"}])
    org_b = factories.Organization(name="org-b", title="新宿区",
                                   users=[{"name": other["name"], "capacity": "editor"}])
    open_ds = tdpf_factories.Dataset(
        name="a-open", title="AED設置場所", owner_org=org_a["id"],
        resources=[{"url": REMOTE, "format": "CSV", "name": "AED一覧"}])
    plain = tdpf_factories.Dataset(name="a-plain", title="公衆トイレ", owner_org=org_a["id"])
    secret = tdpf_factories.Dataset(name="a-secret", title="内部資料ひみつ", owner_org=org_a["id"],
                                    private=True)
    gated = tdpf_factories.Dataset(
        name="a-gated", title="人流データ条件付き", owner_org=org_a["id"], **CONDITIONAL,
        resources=[{"url": "https://source.example.jp/flow.csv", "format": "CSV"}])
    b_ds = tdpf_factories.Dataset(name="b-open", title="新宿の避難所", owner_org=org_b["id"])
    tdpf_factories.run_queued_scans()  # new URLs are withheld until scanned
    return {"operator": operator, "provider": provider, "other": other, "lonely": lonely,
            "open": open_ds, "plain": plain, "secret": secret, "gated": gated, "b": b_ds}


def get(app, url, user=None, status=None, agent=BROWSER, ip="203.0.113.7", **headers):
    if user:
        headers["Authorization"] = user["token"]
    return app.get(url, headers={"User-Agent": agent, **headers},
                   environ_base={"REMOTE_ADDR": ip}, status=status,
                   follow_redirects=False)
