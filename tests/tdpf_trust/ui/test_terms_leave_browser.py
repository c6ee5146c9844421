"""Terms and leaving in headless Chromium against the portal as served
(gunicorn), in Japanese: after an operator publishes a new 利用規約, a user
logging in is held on the acceptance page until they tick it, then goes
on; a user leaves the platform from their account page, reading what is
kept and deleted, confirming with their password, and cannot log in again.
Screenshots: var/artifacts/screenshots/terms-*.png, leave-*.png."""
from __future__ import annotations

import pytest

from ckan.common import config
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, log_in, screenshot

PASSWORD = "Terms-browser-2024"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    redis = connect_to_redis()
    for key in redis.scan_iter("*:tdpf_trust:mfa:fail:*"):
        redis.delete(key)
    with plugins_loaded(*config.get("ckan.plugins")):
        operator = factories.Sysadmin(name="tdpf-operator", password=PASSWORD)
        reader = factories.User(name="kiyaku-user", fullname="規約 花子", password=PASSWORD)
        leaver = factories.User(name="taikai-user", fullname="退会 太郎", password=PASSWORD)
        call_action("organization_create", {"user": operator["name"]}, name="chiyoda",
                    title="千代田区", users=[{"name": leaver["name"], "capacity": "member"}])
        call_action("tdpf_page_publish", {"user": operator["name"]}, name="terms",
                    kind="policy", title="利用規約", body="## 第1条（目的）\n改定後の規約です。")
        call_action("tdpf_terms_accept", {"user": leaver["name"]}, accept_terms=True)
        return {"reader": reader, "leaver": leaver}


def test_new_terms_are_accepted_at_login(portal, page, catalog):  # noqa: F811
    log_in(page, portal, catalog["reader"]["name"], PASSWORD)
    assert "/user/_terms" in page.url
    assert page.locator("h1", has_text="改定された規約への同意").is_visible()
    assert page.get_by_role("link", name="読む").count() == 1  # 利用規約 only
    assert_accessible(page)
    screenshot(page, "terms-accept")
    page.goto(portal + "/dataset/")  # nothing else opens meanwhile
    assert "/user/_terms" in page.url
    page.get_by_role("button", name="同意して続ける").click()
    page.wait_for_load_state()
    assert page.get_by_text("利用規約に同意してください").first.is_visible()
    page.get_by_label("利用規約（第2版）に同意します").check()
    page.get_by_role("button", name="同意して続ける").click()
    page.wait_for_load_state()
    assert "/user/_terms" not in page.url and "/dataset" in page.url
    assert "同意を記録しました" in page.content()


def test_leave_the_platform_from_the_account_page(portal, page, catalog):  # noqa: F811
    name = catalog["leaver"]["name"]
    log_in(page, portal, name, PASSWORD)
    page.goto(f"{portal}/user/{name}")
    page.get_by_role("link", name="退会する").click()
    page.wait_for_load_state()
    kept = page.locator(".tdpf-leave-kept").inner_text()
    deleted = page.locator(".tdpf-leave-deleted").inner_text()
    assert "組織に残り" in kept and "監査記録" in kept
    assert "プロフィール" in deleted and "千代田区 のメンバー登録" in deleted
    assert_accessible(page)
    screenshot(page, "leave-explained")
    page.get_by_label("パスワード").fill("wrong-password")
    page.get_by_role("button", name="アカウントを削除する").click()
    page.wait_for_load_state()
    assert page.get_by_text("パスワードが正しくありません").is_visible()
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="アカウントを削除する").click()
    page.wait_for_load_state()
    assert "アカウントを削除しました" in page.content()
    screenshot(page, "leave-done")
    log_in(page, portal, name, PASSWORD)
    assert "/user/login" in page.url  # the account is gone
