"""The catalog in headless Chromium against the portal as the README serves
it (gunicorn + ckanext.tdpf.wsgi) with the demo catalog: a visitor searches
in Japanese, narrows with two facets, opens a dataset, sees its data rate
and source link, switches to English. axe-core finds no serious or critical
accessibility problem on the pages. Screenshots: var/artifacts/screenshots/."""
from __future__ import annotations

import pytest

from ckan.common import config
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.conftest import plugins_loaded

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible as _assert_accessible
from tests.tdpf.ui.browser import load_demo_catalog
from tests.tdpf.ui.browser import screenshot as _shot

PASSWORD = "Bousai-2024-pass"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """The demo catalog as `make serve` loads it, and a provider account
    (editor of 江東区). Overrides the search tests' catalog for `portal`."""
    admin = load_demo_catalog(reset_db, migrate_db_for, PASSWORD)
    with plugins_loaded(*config.get("ckan.plugins")):
        provider = factories.User(name="koto-editor", password=PASSWORD)
        call_action("organization_member_create", {"user": admin["name"]},
                    id="koto", username=provider["name"], role="editor")
    return {"provider": provider["name"]}


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def _facet(page, title: str, item: str):
    section = page.locator("section.module", has=page.locator("h2", has_text=title))
    return section.locator("a", has=page.locator(".item-label", has_text=item))


def test_visitor_searches_narrows_opens_and_switches_language(portal, page):  # noqa: F811
    page.goto(portal + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("link", name="防災").first.is_visible()
    _assert_accessible(page)
    _shot(page, "01-home")

    page.get_by_label("データセットを検索").fill("避難所")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dataset/?q=*")
    assert page.locator(".dataset-heading a").count() >= 5
    _assert_accessible(page)
    _shot(page, "02-search")

    _facet(page, "提供者の種別", "東京都").click()
    page.wait_for_url("**provider_type=tokyo*")
    _facet(page, "元のカタログ", "東京都オープンデータカタログサイト").click()
    page.wait_for_url("**source_catalog_name=*")
    titles = [t.strip() for t in page.locator(".dataset-heading a").all_inner_texts()]
    assert titles == ["東京都 避難所・避難場所一覧"]
    pills = [p.strip() for p in page.locator(".filtered.pill").all_inner_texts()]
    assert pills == ["東京都", "東京都オープンデータカタログサイト"]
    _shot(page, "03-search-narrowed")

    page.locator(".dataset-heading a").first.click()
    page.wait_for_url("**/dataset/tokyo-evacuation-shelters")
    rate = page.locator(".tdpf-data-rate-block")
    assert rate.is_visible() and "405" in rate.inner_text()
    source = page.get_by_role("link", name="元のサイトで見る")
    assert source.get_attribute("href") == \
        "https://catalog.data.metro.tokyo.lg.jp/dataset/evacuation-shelters"
    assert "東京都オープンデータカタログサイト" in page.locator(".tdpf-source").inner_text()
    _assert_accessible(page)
    _shot(page, "04-dataset")

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/dataset/tokyo-evacuation-shelters")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="View on the original site").is_visible()
    assert page.get_by_role("heading", name="Provenance").is_visible()
    _shot(page, "05-dataset-en")


def test_keyboard_skip_link_and_visible_focus(portal, page):  # noqa: F811
    page.goto(portal + "/dataset/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "メインコンテンツへスキップ"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
    assert '"width":0' not in box
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")


def test_provider_form_is_labelled_and_errors_in_japanese(portal, page, catalog):  # noqa: F811
    page.goto(portal + "/user/login")
    page.locator("#field-login").fill(catalog["provider"])
    page.locator("#field-password").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(portal + "/dataset/new")
    _assert_accessible(page)
    _shot(page, "06-form")
    page.get_by_label("タイトル").fill("江東区 消防水利施設一覧")
    # a Japanese title gives no URL name: the field opens for typing it
    page.get_by_label("URL名").fill("koto-fire-water")
    page.get_by_label("対象の地方公共団体").fill("131082")
    page.get_by_role("button", name="次へ: データの追加").click()
    error = page.locator(".error-explanation")
    assert "全国地方公共団体コード 131082 の検査数字が正しくありません（正: 131083）" in error.inner_text()
    _shot(page, "07-form-error")
    page.goto(portal + "/api/3/action/package_show?id=koto-fire-water")
    assert '"success": false' in page.content()
