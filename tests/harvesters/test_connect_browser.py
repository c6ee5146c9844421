"""An operator adds a provider's own CKAN catalog in headless Chromium
against the portal as served (gunicorn): the form's 接続テスト first says
why a wrong address does not work, then, for a real catalog on a local
HTTP server (tests/harvesters/fixture_source.py), how many datasets it
holds and some of their titles; 保存 creates the harvest source.
Screenshots: var/artifacts/screenshots/harvest-connect-*.png."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.common import config
from ckan.tests import factories

from ckanext.harvest.model import HarvestSource

from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, log_in, screenshot

PASSWORD = "Harvest-connect-2026"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        admin = factories.Sysadmin(name="operator", password=PASSWORD)
        org = factories.Organization(name="example-company", title="株式会社サンプル")
        return {"admin": admin, "org": org}


def test_operator_tests_the_connection_then_saves(portal, page, catalog, remote):  # noqa: F811
    log_in(page, portal, "operator", PASSWORD)
    page.goto(portal + "/harvest")
    page.get_by_role("link", name="提供者の CKAN・DCAT カタログを追加").click()
    page.wait_for_url("**/harvest/connect")

    # a wrong address first: said why, nothing saved
    page.get_by_label("カタログのURL").fill("http://127.0.0.1:9/")
    page.get_by_role("button", name="接続テスト").click()
    page.wait_for_load_state()
    assert "127.0.0.1:9 に接続できません" in page.locator(".tdpf-connect-form").inner_text()

    page.get_by_label("カタログのURL").fill(remote.url + "/")
    page.get_by_label("カタログの種類").select_option(label="CKAN")
    page.get_by_role("button", name="接続テスト").click()
    page.wait_for_load_state()
    result = page.locator(".tdpf-probe-result")
    assert "接続できました：データセット 12 件" in result.inner_text()
    shown = page.locator(".tdpf-probe-titles li").all_inner_texts()
    assert len(shown) == 5 and set(shown) <= {d["title"] for d in remote.datasets.values()}
    assert_accessible(page)
    screenshot(page, "harvest-connect-1-tested")

    page.get_by_label("カタログ名").fill("株式会社サンプル データカタログ")
    page.get_by_label("URL名").fill("example-company-catalog")
    page.get_by_label("組織").select_option(label="株式会社サンプル")
    page.get_by_label("提供者の種別").select_option(label="民間企業")
    page.get_by_role("button", name="カタログを保存する").click()
    page.wait_for_url("**/harvest/example-company-catalog")
    assert "株式会社サンプル データカタログ" in page.locator("h1").first.inner_text()
    assert "カタログをハーベストソースとして追加しました（データセット 12 件）" in page.content()
    screenshot(page, "harvest-connect-2-saved")
    model.Session.remove()
    pkg = model.Package.get("example-company-catalog")
    assert pkg is not None
    source = HarvestSource.get(pkg.id)
    assert source is not None
    assert source.url == remote.url + "/" and source.type == "tdpf_ckan"
    assert pkg.owner_org == catalog["org"]["id"]
