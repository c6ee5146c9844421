"""MFA and the operators' trust pages in headless Chromium against the
portal as served (gunicorn): a user enrols with the QR page, logs out, logs
in with a TOTP code; a wrong code is refused; repeated wrong codes lock the
second step. An operator is reminded to enrol, approves an organisation
from the review queue and finds the decision in the audit log. Screenshots:
var/artifacts/screenshots/mfa-*.png, trust-*.png."""
from __future__ import annotations

import re
import time

import pyotp
import pytest

from ckan.common import config
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, log_in, screenshot

PASSWORD = "Mfa-browser-2024"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    redis = connect_to_redis()
    for key in redis.scan_iter("*:tdpf_trust:mfa:fail:*"):
        redis.delete(key)
    with plugins_loaded(*config.get("ckan.plugins")):
        user = factories.User(name="mfa-provider", fullname="多要素 花子", password=PASSWORD)
        operator = factories.Sysadmin(name="tdpf-operator", password=PASSWORD)
        call_action("organization_create", {"user": user["name"]}, name="hanako-shoten",
                    title="花子商店")
        return {"user": user, "operator": operator}


def _password(page, portal, name):  # noqa: F811
    log_in(page, portal, name, PASSWORD)


def _code(page, code):
    page.get_by_label("確認コード").fill(code)
    page.get_by_role("button", name="確認").click()
    page.wait_for_load_state()


def test_enrol_logout_login_with_totp_wrong_code_and_lockout(portal, page, catalog):  # noqa: F811
    name = catalog["user"]["name"]
    _password(page, portal, name)
    page.goto(portal + "/user/_mfa")
    assert page.locator(".tdpf-mfa-qr svg").is_visible()
    assert_accessible(page)
    screenshot(page, "mfa-enrol")
    secret = page.locator(".tdpf-mfa-secret").inner_text().strip()
    totp = pyotp.TOTP(secret)
    page.get_by_label("確認コード").fill(totp.now())
    page.get_by_role("button", name="有効にする").click()
    page.wait_for_load_state()
    assert page.locator(".tdpf-recovery-codes li").count() == 10
    page.goto(portal + "/user/_logout")

    _password(page, portal, name)
    assert page.locator("h1", has_text="2段階認証").is_visible()
    assert_accessible(page)
    screenshot(page, "mfa-verify")
    _code(page, "000000")
    assert "コードが正しくない" in page.locator(".flash-messages, .alert").first.inner_text()
    # the enrolment used the current 30-s step: a phone 30 s ahead gives the next one
    _code(page, totp.at(time.time() + 30))
    assert re.search(r"/dashboard|/user/", page.url)
    assert page.get_by_text("多要素 花子").first.is_visible()
    page.goto(portal + "/user/_logout")

    # five wrong codes (the default limit) lock the second step
    _password(page, portal, name)
    for _ in range(5):
        _code(page, "999999")
    assert "ロック" in page.locator(".flash-messages, .alert").first.inner_text()
    _code(page, totp.at(time.time() + 60))  # even a right code now
    assert page.locator("h1", has_text="2段階認証").is_visible()
    screenshot(page, "mfa-locked")


def test_operator_reviews_an_organisation_and_reads_the_audit_log(portal, page, catalog):  # noqa: F811
    _password(page, portal, catalog["operator"]["name"])
    # an operator must use MFA: the first page after login is the enrolment
    assert "/user/_mfa" in page.url
    assert "多要素認証が必要です" in page.content()
    page.goto(portal + "/ckan-admin/trust/reviews")
    row = page.locator("tr[data-organization='hanako-shoten']")
    assert row.is_visible() and "審査待ち" in row.inner_text()
    assert_accessible(page)
    screenshot(page, "trust-review-queue")
    row.get_by_role("button", name="承認").click()
    page.wait_for_load_state()
    assert "承認しました: 花子商店" in page.content()
    page.goto(portal + "/organization/hanako-shoten")
    assert page.locator(".tdpf-verified-badge").first.is_visible()

    page.goto(portal + "/ckan-admin/trust/suspensions")
    assert_accessible(page)
    page.goto(portal + "/ckan-admin/trust/audit?event=review")
    assert page.locator("td code", has_text="review.approve").count() == 1
    assert_accessible(page)
    screenshot(page, "trust-audit")
