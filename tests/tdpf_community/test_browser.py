"""The community flows in headless Chromium against the portal as served
(gunicorn), in Japanese: a resident posts a data request, another votes
+1 私も欲しい, the organisation's editor answers and closes it with a
dataset, the voter finds the notification on their dashboard; a visitor
rates a dataset and asks a question on its page; a member submits a
showcase with an image upload, an operator approves it from the queue and
it appears on its dataset's page and the home page; a visitor reports a
comment, an operator hides it from the queue and the public no longer reads
it. Screenshots:
var/artifacts/screenshots/community-*.png and showcase-*.png."""
from __future__ import annotations

import pytest

from ckan.common import config
from ckan.tests.helpers import call_action

from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, log_in, screenshot
from tests.tdpf_community.conftest import PASSWORD, ctx, make_world
from tests.tdpf_community.test_showcases import _png


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        return make_world()


def _tab(browser):  # noqa: F811
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    return context, context.new_page()


def test_request_vote_answer_close_and_voter_notified(portal, browser, catalog):  # noqa: F811
    tabs = [_tab(browser) for _ in range(3)]
    (_c1, taro), (_c2, hanako), (_c3, editor) = tabs
    try:
        log_in(taro, portal, "taro", PASSWORD)
        taro.goto(portal + "/datarequest")
        taro.get_by_role("link", name="データリクエストを投稿する").click()
        taro.wait_for_url("**/datarequest/new")
        taro.get_by_label("欲しいデータ").fill("公衆無線LANアクセスポイント一覧")
        taro.get_by_label("利用目的").fill("観光客向けの案内アプリで使いたい")
        taro.get_by_label("地域").fill("千代田区")
        taro.get_by_label("分類").select_option(label="運輸・観光")
        taro.get_by_label("宛先の組織").select_option(label="千代田区")
        assert_accessible(taro)
        screenshot(taro, "community-1-request-form")
        taro.get_by_role("button", name="リクエストを投稿する").click()
        taro.wait_for_url("**/datarequest/*-*")
        request_url = taro.url
        assert "受付" in taro.locator("h1").inner_text()

        log_in(hanako, portal, "hanako", PASSWORD)
        hanako.goto(portal + "/datarequest")
        hanako.get_by_role("link", name="公衆無線LANアクセスポイント一覧").click()
        hanako.get_by_role("button", name="+1 私も欲しい").click()
        hanako.wait_for_load_state()
        assert hanako.locator(".tdpf-votes").inner_text() == "私も欲しい 1"
        assert_accessible(hanako)
        screenshot(hanako, "community-2-voted")

        log_in(editor, portal, "chiyoda-editor", PASSWORD)
        editor.goto(portal + "/dashboard/notices")
        editor.get_by_role("link", name="新しいデータリクエスト：公衆無線LANアクセスポイント一覧").click()
        editor.wait_for_url(request_url)
        editor.get_by_label("状態").select_option(label="公開済み")
        editor.get_by_label("リクエストに応えるデータセット（名前またはID、カンマ区切り）").fill(
            "chiyoda-shelters")
        editor.get_by_label("回答または理由").fill("避難所データに公衆無線LANの有無を追加しました")
        editor.get_by_role("button", name="回答を保存する").click()
        editor.wait_for_load_state()
        assert "公開済み" in editor.locator("h1").inner_text()
        assert editor.locator(".tdpf-request-datasets").inner_text().strip() == "千代田区 避難所一覧"
        screenshot(editor, "community-3-closed")

        hanako.goto(portal + "/dashboard/datasets")
        hanako.get_by_role("link", name="お知らせ (1)").click()
        notice = hanako.locator(".tdpf-notices li").first
        assert "リクエストされたデータが公開されました" in notice.inner_text()
        assert "千代田区 避難所一覧" in notice.inner_text()
        assert_accessible(hanako)
        screenshot(hanako, "community-4-voter-notified")
        notice.get_by_role("link").click()
        hanako.wait_for_url(request_url)
    finally:
        for context, _page in tabs:
            context.close()


def test_comment_and_rating_on_a_dataset_page(portal, browser, catalog):  # noqa: F811
    context, page = _tab(browser)
    try:
        log_in(page, portal, "hanako", PASSWORD)
        page.goto(portal + "/dataset/chiyoda-shelters")
        page.get_by_label("★4").check()
        page.get_by_label("理由（任意）").fill("訓練の計画に役立ちました")
        page.get_by_role("button", name="評価する").click()
        page.wait_for_load_state()
        assert page.locator(".tdpf-rating-average").inner_text() == "★ 4.0"
        assert page.locator(".tdpf-rating-count").inner_text() == "（1件の評価）"

        page.get_by_label("種別").select_option(label="データの誤り")
        page.get_by_label("リソース（データの誤りの場合）").select_option(label="避難所")
        page.get_by_label("行（データの誤りの場合）").fill("5")
        page.get_by_label("コメント", exact=True).fill("5行目の収容人数が0になっています")
        page.get_by_role("button", name="投稿", exact=True).click()
        page.wait_for_load_state()
        comment = page.locator(".tdpf-comment").first
        assert "5行目の収容人数が0になっています" in comment.inner_text()
        assert "データの誤り" in comment.inner_text() and "行: 5" in comment.inner_text()
        assert_accessible(page)
        screenshot(page, "community-5-dataset-page")
    finally:
        context.close()


def test_member_submits_operator_approves_it_shows(portal, browser, catalog):  # noqa: F811
    tabs = [_tab(browser) for _ in range(3)]
    (_c1, taro), (_c2, operator), (_c3, visitor) = tabs
    title = "千代田避難所ナビ"
    try:
        log_in(taro, portal, "taro", PASSWORD)
        taro.goto(portal + "/dataset/chiyoda-shelters")
        taro.locator(".tdpf-dataset-showcases").get_by_role("link", name="活用事例を投稿する").click()
        taro.wait_for_url("**/showcase/new*")
        assert taro.locator("#field-datasets").input_value() == "chiyoda-shelters"
        taro.locator("#field-title").fill(title)
        taro.locator("#field-description").fill("最寄りの**避難所**を地図で案内するアプリです。")
        taro.locator("#field-author").fill("千代田アプリ研究会")
        taro.locator("#field-url").fill("https://apps.example.jp/navi")
        taro.locator("#field-image-upload").set_input_files(
            files=[{"name": "navi.png", "mimeType": "image/png", "buffer": _png()}])
        taro.get_by_label("分類").select_option(label="司法・安全・環境")
        assert_accessible(taro)
        screenshot(taro, "showcase-1-form")
        taro.get_by_role("button", name="活用事例を投稿").click()
        taro.wait_for_url("**/showcase/*-*")
        showcase_url = taro.url
        assert "承認待ち" in taro.locator(".tdpf-showcase-state").inner_text()
        assert "運営者が承認すると公開されます" in taro.content()
        assert taro.locator(".tdpf-showcase-image").get_attribute("src").endswith(".png")
        screenshot(taro, "showcase-2-pending")

        # not public yet
        visitor.goto(showcase_url)
        assert "見つかりません" in visitor.content() or "404" in visitor.title()
        visitor.goto(portal + "/dataset/chiyoda-shelters")
        assert title not in visitor.content()

        log_in(operator, portal, "operator", PASSWORD)
        operator.goto(portal + "/community/moderation")
        row = operator.locator(".tdpf-new-posts-table tr", has_text=title)
        assert "承認待ち" in row.inner_text()
        assert_accessible(operator)
        screenshot(operator, "showcase-3-queue")
        row.get_by_role("button", name="承認して公開").click()
        operator.wait_for_load_state()
        assert "活用事例を承認し、公開しました。" in operator.content()

        visitor.goto(portal + "/dataset/chiyoda-shelters")
        section = visitor.locator(".tdpf-dataset-showcases")
        assert title in section.inner_text()
        screenshot(visitor, "showcase-4-dataset-page")
        visitor.goto(portal + "/")
        assert title in visitor.locator(".tdpf-home-showcases").inner_text()
        visitor.locator(".tdpf-home-showcases").get_by_role("link", name=title).click()
        visitor.wait_for_url(showcase_url)
        assert visitor.locator(".tdpf-showcase-description strong").inner_text() == "避難所"
        assert "千代田区 避難所一覧" in visitor.locator(".tdpf-showcase-datasets").inner_text()
        assert_accessible(visitor)
        screenshot(visitor, "showcase-5-public")

        taro.goto(portal + "/dashboard/notices")
        assert title in taro.locator(".tdpf-notices li").first.inner_text()
    finally:
        for context, _page in tabs:
            context.close()


def test_a_reported_comment_is_hidden_by_an_operator(portal, browser, catalog):  # noqa: F811
    body = "このデータは使えない、詳しくは http://spam.example へ"
    call_action("tdpf_comment_create", ctx(catalog["taro"]), subject_id="chiyoda-shelters",
                body=body)
    hanako_context, hanako = _tab(browser)
    operator_context, operator = _tab(browser)
    visitor_context, visitor = _tab(browser)
    try:
        log_in(hanako, portal, "hanako", PASSWORD)
        hanako.goto(portal + "/dataset/chiyoda-shelters")
        comment = hanako.locator(".tdpf-comment", has_text=body)
        comment.locator("summary", has_text="通報").click()
        comment.get_by_label("通報の理由").fill("宣伝の書き込みです")
        comment.get_by_role("button", name="通報する").click()
        hanako.wait_for_load_state()
        assert "通報ありがとうございます。運営者が確認します。" in hanako.content()

        log_in(operator, portal, "operator", PASSWORD)
        operator.goto(portal + "/community/moderation")
        row = operator.locator(".tdpf-reports tr", has_text="宣伝の書き込みです")
        assert "hanako" in row.inner_text() or "Hanako" in row.inner_text()
        row.get_by_label("非表示にする理由").fill("宣伝のため")
        row.get_by_role("button", name="非表示にする").click()
        operator.wait_for_load_state()
        assert "投稿を非表示にしました。" in operator.content()
        assert "宣伝の書き込みです" not in operator.locator(".tdpf-reports").inner_text()
        operator.get_by_role("link", name="対応済み").click()  # the report is dealt with
        operator.wait_for_load_state()
        assert "運営者が非表示にしました：宣伝のため" in operator.locator(
            ".tdpf-reports tr", has_text="宣伝の書き込みです").inner_text()
        assert_accessible(operator)
        screenshot(operator, "community-6-hidden")

        visitor.goto(portal + "/dataset/chiyoda-shelters")
        assert body not in visitor.content()  # the public no longer reads it
    finally:
        for context in (hanako_context, operator_context, visitor_context):
            context.close()
