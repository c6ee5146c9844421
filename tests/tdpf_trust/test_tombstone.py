"""Tombstones of suspended providers' datasets (operator suspension, T3's
``suspension.hidden_reason``): out of search, the DCAT catalog and the API's
URLs at once, page kept with 提供停止; lifting restores everything. A
suspended provider is refused at the warranty and withdrawal actions."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_trust.scan import jobs as scan_jobs

from tests import factories as tdpf_factories
from tests.tdpf_trust.t1_support import ATTEST, ctx, provider_site

pytestmark = pytest.mark.usefixtures("clean_db")


def test_suspended_organisation_datasets_become_tombstones_until_lifted(app):
    site = provider_site()
    ds = tdpf_factories.Dataset(
        owner_org=site["org"]["id"], name="toilets", title="公衆トイレ一覧",
        resources=[{"url": "https://example.lg.jp/toilets.csv", "format": "CSV"}])
    res_id = ds["resources"][0]["id"]
    scan_jobs.run_queued()  # the remote file's scan (withheld until then): its host is unknown
    operator = factories.Sysadmin()
    call_action("tdpf_suspension_create", ctx(operator), object_type="organization",
                object_id=site["org"]["id"], reason="規約違反の調査中")

    assert call_action("package_search", ctx(None), q="トイレ")["count"] == 0
    shown = call_action("package_show", ctx(site["editor"]), id="toilets")
    assert shown["tdpf_hidden"]["kind"] == "suspended"
    assert shown["resources"][0]["url"] == ""
    assert call_action("package_show", ctx(operator), id="toilets")["resources"][0]["url"]
    page = app.get("/dataset/toilets")
    assert page.status_code == 200 and "提供停止" in page.body and "規約違反の調査中" in page.body
    assert "toilets.csv" not in page.body
    assert app.get(f"/dataset/toilets/resource/{res_id}/download").status_code == 410
    assert "toilets" not in app.get("/catalog.ttl").body
    assert "toilets.csv" not in app.get("/dataset/toilets.ttl").body

    # and it cannot be published again meanwhile
    with pytest.raises(Exception, match="suspended"):
        call_action("package_patch", ctx(site["editor"]), id="shelters", private=False,
                    tdpf_warranty_attestation=ATTEST)

    call_action("tdpf_suspension_lift", ctx(operator), object_type="organization",
                object_id=site["org"]["id"])
    assert call_action("package_search", ctx(None), q="トイレ")["count"] == 1
    assert call_action("package_show", ctx(None), id="toilets")["resources"][0]["url"] \
        == "https://example.lg.jp/toilets.csv"
    assert app.get(f"/dataset/toilets/resource/{res_id}/download",
                   follow_redirects=False).status_code == 302


def test_suspended_user_is_refused_at_every_new_action():
    site = provider_site()
    operator = factories.Sysadmin()
    call_action("tdpf_warranty_create", ctx(site["editor"]), id="shelters", **ATTEST)
    call_action("tdpf_suspension_create", ctx(operator), object_type="user",
                object_id=site["editor"]["id"], reason="なりすましの疑い")
    for action, extra in (("tdpf_warranty_create", ATTEST),
                          ("tdpf_withdrawal_schedule", {"end_date": "2099-01-01",
                                                        "reason": "x"}),
                          ("tdpf_withdrawal_cancel", {})):
        with pytest.raises(Exception) as refused:
            call_action(action, ctx(site["editor"]), id="shelters", **extra)
        assert type(refused.value).__name__ == "NotAuthorized", action
        assert "suspended" in str(refused.value)
