"""A session whose MFA is incomplete can do nothing but the MFA pages and
log out, on the Action API as on the web site (issue 15, finding 2): an
operator who must enrol and has not, a session that never passed the
second step. API tokens (made after MFA) keep working."""
from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pyotp
import pytest

from ckan import model
from ckan.common import config
from ckan.tests import factories

from ckanext.tdpf_trust.audit import chain as audit
from ckanext.tdpf_trust.mfa import totp as mfa

from .test_mfa import PASSWORD, _login, clean_lockouts, totp_clock  # noqa: F401 - fixtures

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_lockouts", "totp_clock"),
              pytest.mark.ckan_config("WTF_CSRF_ENABLED", False)]

MFA_MESSAGE = "多要素認証が完了していません"


def _enrol_directly(user: dict) -> str:
    """Enrol as if in another browser; returns the secret."""
    obj = model.User.get(user["id"])
    row = mfa.begin(obj)
    assert mfa.confirm(obj, pyotp.TOTP(row.secret).now())
    return row.secret


def _next_code(secret: str) -> str:
    # enrolment used the current step; the server accepts one step of drift
    return pyotp.TOTP(secret).at(time.time() + 30)


def _api(app, action: str, body: dict | None = None, headers: dict | None = None):
    if body is None:
        return app.get(f"/api/3/action/{action}", headers=headers or {})
    return app.post(f"/api/3/action/{action}", json=body, headers=headers or {})


def _assert_refused(app, victim: dict, enrolled: dict, mfa_message: bool = True):
    """The four calls of the probe, with the session cookie: each 403 and
    nothing changed."""
    calls = [("user_patch", {"id": victim["id"], "sysadmin": True}),
             ("tdpf_mfa_reset", {"id": enrolled["id"], "reason": "probe"}),
             ("user_list", None), ("tdpf_audit_list", None)]
    for action, body in calls:
        response = _api(app, action, body)
        assert response.status_code == 403, (action, response.text)
        error = response.json["error"]
        assert response.json["success"] is False and error["__type"] == "Authorization Error"
        if mfa_message:
            assert MFA_MESSAGE in error["message"], (action, error)
    assert not model.User.get(victim["id"]).sysadmin
    assert mfa.is_enrolled(enrolled["id"])
    assert not audit.records(event="mfa.reset")


@pytest.mark.ckan_config("ckanext.tdpf_trust.mfa.enforce_enrolment", True)
def test_operator_who_must_enrol_can_only_enrol_then_everything(app):
    operator = factories.Sysadmin(password=PASSWORD)
    victim, enrolled = factories.User(), factories.User()
    _enrol_directly(enrolled)
    _login(app, operator)
    _assert_refused(app, victim, enrolled)
    admin_page = app.get("/ckan-admin/trust/mfa")  # the operators' reset page
    assert "リセットは監査ログに記録されます" not in admin_page.text
    assert "<svg" in admin_page.text  # the enrolment page instead
    posted = app.post("/ckan-admin/trust/mfa", data={"id": enrolled["name"], "reason": "x"})
    assert "<svg" in posted.text and mfa.is_enrolled(enrolled["id"])
    assert app.get("/api/i18n/ja").status_code == 200  # the pages' scripts still load

    # enrolment through its page opens everything
    page = app.get("/user/_mfa")
    secret = re.search(r'class="tdpf-mfa-secret">([A-Z2-7]+)<', page.text).group(1)
    app.post("/user/_mfa", data={"code": pyotp.TOTP(secret).now()})
    assert _api(app, "user_list").status_code == 200
    assert "リセットは監査ログに記録されます" in app.get("/ckan-admin/trust/mfa").text

    assert "ログイン" in app.get("/user/_logout").text  # logging out always works
    assert _api(app, "user_list").status_code == 403  # anonymous now


def test_session_without_the_second_step_is_limited_to_it(app):
    """Enforcement off (the test ini): still, an enrolled user's session that
    has not passed the second step is limited. Such a session exists when
    it began before the user enrolled in another browser."""
    operator = factories.Sysadmin(password=PASSWORD, fullname="運用 太郎")
    victim, enrolled = factories.User(), factories.User()
    _enrol_directly(enrolled)
    _login(app, operator)  # not enrolled yet: a reminder, then the site
    assert _api(app, "user_list").status_code == 200
    secret = _enrol_directly(operator)  # elsewhere
    _assert_refused(app, victim, enrolled)

    # a page turns the session back into a pending login asking for a code
    page = app.get("/dataset/")
    assert "2段階認証" in page.text and "運用 太郎" not in page.text
    _assert_refused(app, victim, enrolled, mfa_message=False)  # pending: anonymous
    done = app.post("/user/login/verify", data={"code": _next_code(secret)})
    assert "運用 太郎" in done.text
    assert _api(app, "user_list").status_code == 200


def test_password_only_login_of_an_enrolled_user_is_refused_everywhere(app):
    operator = factories.Sysadmin(password=PASSWORD)
    victim, enrolled = factories.User(), factories.User()
    _enrol_directly(enrolled)
    _enrol_directly(operator)
    step = _login(app, operator)
    assert "2段階認証" in step.text
    _assert_refused(app, victim, enrolled, mfa_message=False)
    assert app.get("/ckan-admin/trust/mfa").status_code == 403



def test_a_session_restored_from_remember_me_passes_the_second_step_again(app):
    operator = factories.Sysadmin(password=PASSWORD, fullname="記憶 三郎")
    victim, enrolled = factories.User(), factories.User()
    _enrol_directly(enrolled)
    secret = _enrol_directly(operator)
    app.post("/user/login", data={"login": operator["name"], "password": PASSWORD,
                                  "remember": "3600000"})
    app.post("/user/login/verify", data={"code": _next_code(secret)})
    assert _api(app, "user_list").status_code == 200
    # the browser is closed: its session cookie goes, "remember me" stays
    app.client.delete_cookie(config["SESSION_COOKIE_NAME"] or "ckan",
                             domain=urlparse(config["ckan.site_url"]).hostname)
    _assert_refused(app, victim, enrolled)
    assert "2段階認証" in app.get("/dataset/").text


def test_api_token_of_an_enrolled_operator_keeps_working(app):
    operator = factories.Sysadmin(password=PASSWORD)
    victim, enrolled = factories.User(), factories.User()
    _enrol_directly(operator)
    _enrol_directly(enrolled)
    token = {"Authorization": factories.APIToken(user=operator["name"])["token"]}
    _login(app, operator)  # a pending cookie too: the token decides
    assert _api(app, "user_list", headers=token).status_code == 200
    assert _api(app, "tdpf_audit_list", headers=token).status_code == 200
    assert _api(app, "user_patch", {"id": victim["id"], "sysadmin": True},
                headers=token).status_code == 200
    assert model.User.get(victim["id"]).sysadmin
    reset = _api(app, "tdpf_mfa_reset", {"id": enrolled["id"], "reason": "端末紛失"},
                 headers=token)
    assert reset.status_code == 200 and not mfa.is_enrolled(enrolled["id"])
    assert "多要素認証のリセット" in app.get("/ckan-admin/trust/mfa", headers=token).text
