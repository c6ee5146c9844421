"""The distribution flow in headless Chromium against the portal as served
(gunicorn): a member finds conditional data by filtering on purpose, reads
the conditions, requests access; the provider approves on their requests
page; the member downloads the file through the authorised route; once the
grant has expired the download is refused. Screenshots:
var/artifacts/screenshots/market-*.png."""
from __future__ import annotations

import datetime

import pytest

from ckan import model
from ckan.common import config

from ckanext.tdpf_market.grants.model import Grant

from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, screenshot
from tests.tdpf_market.conftest import UPLOAD_BYTES, make_market

PASSWORD = "Market-2026-pass"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        return make_market()


def _page(browser):  # noqa: F811
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    return context, context.new_page()


def _login(page, portal, name):  # noqa: F811
    page.goto(portal + "/user/login")
    page.locator("#field-login").fill(name)
    page.locator("#field-password").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()


def _facet(page, title: str, item: str):
    section = page.locator("section.module", has=page.locator("h2", has_text=title))
    return section.locator("a", has=page.locator(".item-label", has_text=item))


def test_request_approve_download_expire(portal, browser, catalog):  # noqa: F811
    member_ctx, member = _page(browser)
    provider_ctx, provider = _page(browser)
    try:
        _login(member, portal, "free-corp")
        member.goto(portal + "/dataset/")
        _facet(member, "利用用途", "研究").click()
        member.wait_for_url("**trading_policy_use_application=*")
        titles = [t.strip() for t in member.locator(".dataset-heading a").all_inner_texts()]
        assert titles == ["人流データ（条件付き）"]
        member.locator(".dataset-heading a").first.click()
        member.wait_for_url("**/dataset/people-flow")
        conditions = member.locator(".tdpf-market-conditions")
        assert "秘密保持契約（NDA）の締結が必要です" in conditions.inner_text()
        # no URL of the data on the page before approval
        assert "data.mobility.example.jp" not in member.content()
        assert_accessible(member)
        screenshot(member, "market-1-conditions")

        member.get_by_role("link", name="利用申請").first.click()
        member.wait_for_url("**/dataset/people-flow/request-access")
        member.get_by_label("利用目的").select_option("研究")
        member.get_by_label("提供者へのメッセージ").fill("交通計画の研究に使います")
        member.get_by_label("上記の利用条件を読み、同意します。").check()
        assert_accessible(member)
        screenshot(member, "market-2-request")
        member.get_by_role("button", name="申請する").click()
        member.wait_for_url("**/market/requests")
        row = member.locator("tr[data-state=pending]")
        assert "人流データ（条件付き）" in row.inner_text() and "承認待ち" in row.inner_text()

        _login(provider, portal, "mobility-admin")
        provider.goto(portal + "/market/provider")
        request = provider.locator("tr[data-state=pending]")
        assert "free-corp" in request.inner_text() and "交通計画の研究" in request.inner_text()
        assert "新しい利用申請" in provider.locator(".tdpf-notifications").inner_text()
        assert_accessible(provider)
        screenshot(provider, "market-3-provider")
        request.get_by_role("button", name="承認").click()
        provider.wait_for_load_state()
        assert provider.locator("tr[data-state=approved]").count() == 1

        member.goto(portal + "/dataset/people-flow")
        assert "利用が承認されています" in member.locator(".tdpf-market-conditions").inner_text()
        member.get_by_role("link", name="アップロード版").first.click()
        member.wait_for_url("**/resource/**")
        with member.expect_download() as download:
            member.locator("a.resource-url-analytics").first.click()
        with open(download.value.path(), "rb") as f:
            assert f.read() == UPLOAD_BYTES
        screenshot(member, "market-4-resource")
        link = member.locator("a.resource-url-analytics").first.get_attribute("href")
        assert "/market/download/" in link

        # the grant expires: the next download is refused, with the way back
        grant = model.Session.query(Grant).one()
        grant.valid_until = datetime.datetime(2020, 1, 1)
        model.Session.commit()
        refused = member.goto(link)
        assert refused.status == 403
        assert "承認された利用申請が必要です" in member.content()
        assert member.get_by_role("link", name="利用申請").first.is_visible()
        screenshot(member, "market-5-expired")
    finally:
        member_ctx.close()
        provider_ctx.close()
