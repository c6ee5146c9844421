"""The warranty step of the dataset form in headless Chromium against the
portal as served (gunicorn): a provider creates a public dataset, adds a
resource, is led to the warranty step, is told which statement is missing,
warrants and sees 「表明保証済み」 on the page; then the end of provision is
scheduled and the page shows the banner with the date. (Stage 1, the
dataset form itself, is tests/tdpf/ui's: the draft it leaves is made here
through the API.) Screenshots:
var/artifacts/screenshots/warranty-*.png."""
from __future__ import annotations

import datetime

import pytest

from ckan.common import config
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_trust.warranty import rules as warranty_feature

from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, log_in, screenshot

PASSWORD = "Warranty-browser-2024"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        user = factories.User(name="parks-editor", password=PASSWORD)
        org = factories.Organization(name="koto", title="江東区",
                                     users=[{"name": user["name"], "capacity": "editor"}])
        return {"user": user, "org": org}


def test_provider_warrants_in_the_last_step_and_sees_the_banner(portal, page, catalog):  # noqa: F811
    log_in(page, portal, "parks-editor", PASSWORD)

    # stage 1 (the dataset form) as it leaves a public draft; the browser
    # takes over at stage 2
    call_action("package_create", {"user": "parks-editor"}, name="koto-parks",
                title="江東区 公園一覧", owner_org=catalog["org"]["id"],
                license_id="pdl-1.0", state="draft", private=False)
    page.goto(portal + "/dataset/koto-parks/resource/new")

    # stage 2: a resource, then 次へ：表明保証
    page.locator("#resource-link-button").click()
    page.locator("#field-resource-url").fill("https://www.city.koto.example.lg.jp/parks.csv")
    page.locator("#field-name").fill("公園一覧（CSV）")
    # size left empty, as most people leave it
    page.get_by_role("button", name="次へ：表明保証").click()
    page.wait_for_url("**/dataset/koto-parks/warranty")
    assert page.get_by_role("heading", name="「江東区 公園一覧」の表明保証").is_visible()
    assert_accessible(page)
    screenshot(page, "warranty-1-step")

    # one statement left unticked: told which, nothing published
    page.locator("#personal_data_kind").select_option("非個人情報")
    texts = warranty_feature.ATTESTATIONS
    for key in texts:
        if key != "legal_compliance":
            page.locator(f"#attest-{key}").check()
    page.get_by_role("button", name="表明保証して完了").click()
    page.wait_for_load_state()
    assert page.get_by_text("表明保証は記録されませんでした").is_visible()
    assert page.get_by_text("法令に違反しません").first.is_visible()
    screenshot(page, "warranty-2-missing")

    page.locator("#attest-legal_compliance").check()
    page.get_by_role("button", name="表明保証して完了").click()
    page.wait_for_url("**/dataset/koto-parks")
    notice = page.locator(".tdpf-warranty-current")
    assert notice.is_visible() and "江東区" in notice.inner_text()
    assert "表明保証済み" in notice.inner_text()
    pkg = call_action("package_show", id="koto-parks")
    assert pkg["private"] is False and pkg["state"] == "active"
    screenshot(page, "warranty-3-warranted")

    # the end of provision announced: the banner with the date
    end = (datetime.date.today() + datetime.timedelta(days=45)).isoformat()
    call_action("tdpf_withdrawal_schedule", {"user": "parks-editor"}, id="koto-parks",
                end_date=end, reason="公園台帳システムの更新のため")
    page.reload()
    banner = page.locator(".tdpf-withdrawal-notice")
    assert banner.is_visible()
    assert f"{end} に提供を終了します" in banner.inner_text()
    assert "公園台帳システムの更新のため" in banner.inner_text()
    assert_accessible(page)  # the dataset page with every trust notice
    screenshot(page, "warranty-4-banner")
