"""Wrong passwords lock out per account and per IP address (issue 15,
finding 2: 15 wrong passwords then the right one logged in). The lock
holds for the right password too, is said on the login form, is audited,
counts failures of every password check (the profile form's old password
too) and ends after lockout_seconds (the clock is moved, not waited)."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories

from ckanext.tdpf_trust.audit import chain as audit
from ckanext.tdpf_trust.mfa import lockout

from .test_mfa import PASSWORD, clean_lockouts  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_lockouts"),
              pytest.mark.ckan_config("WTF_CSRF_ENABLED", False)]

LOCKED = "ログインを一時的にロックしました"
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.7"}


def _attempt(app, login: str, password: str, environ: dict | None = None):
    return app.post("/user/login", data={"login": login, "password": password},
                    extra_environ=environ or {})


def _logged_in(app, user: dict) -> bool:
    return user["fullname"] in app.get("/dashboard/datasets").text


def test_five_wrong_passwords_lock_the_account_until_the_lock_ends(app, monkeypatch):
    user = factories.User(password=PASSWORD, fullname="施錠 一郎")
    neighbour = factories.User(password=PASSWORD, fullname="隣人 花子")
    for _ in range(4):
        wrong = _attempt(app, user["name"], "guess")
        assert wrong.status_code == 200 and LOCKED not in wrong.text
    fifth = _attempt(app, user["name"], "guess")
    assert fifth.status_code == 429 and LOCKED in fifth.text and "約15分間" in fifth.text
    right = _attempt(app, user["name"], PASSWORD)
    assert right.status_code == 429 and LOCKED in right.text
    assert not _logged_in(app, user)
    by_email = _attempt(app, user["email"], PASSWORD)  # the same account
    assert by_email.status_code == 429
    record = audit.records(event="login.lockout")[0]
    assert record.object_id == user["id"] and record.detail["locked"] == ["user"]

    # the same address, another account: not locked by the account's lock
    assert _attempt(app, neighbour["name"], PASSWORD).status_code == 200
    assert _logged_in(app, neighbour)
    app.get("/user/_logout")

    start = lockout.clock()
    monkeypatch.setattr(lockout, "clock", lambda: start + 14 * 60)
    assert _attempt(app, user["name"], PASSWORD).status_code == 429
    monkeypatch.setattr(lockout, "clock", lambda: start + 15 * 60 + 1)
    assert _attempt(app, user["name"], PASSWORD).status_code == 200
    assert _logged_in(app, user)


@pytest.mark.ckan_config("ckanext.tdpf_trust.login.max_failures_per_ip", "4")
def test_wrong_passwords_across_accounts_lock_the_address(app):
    users = [factories.User(password=PASSWORD) for _ in range(4)]
    for user in users[:3]:
        assert _attempt(app, user["name"], "guess").status_code == 200
    # an unknown login counts like an account (and says nothing of who exists)
    assert _attempt(app, "nobody-here", "guess").status_code == 429
    refused = _attempt(app, users[3]["name"], PASSWORD)
    assert refused.status_code == 429 and LOCKED in refused.text
    assert not _logged_in(app, users[3])
    record = audit.records(event="login.lockout")[0]
    assert record.object_type == "ip" and record.detail == {"ip": "127.0.0.1",
                                                            "locked": ["ip"]}
    # from another address the same password logs in
    assert _attempt(app, users[3]["name"], PASSWORD, ELSEWHERE).status_code == 200
    assert _logged_in(app, users[3])


def test_an_unknown_login_locks_like_an_account(app):
    for _ in range(4):
        assert _attempt(app, "nobody-here", "guess").status_code == 200
    assert LOCKED in _attempt(app, "nobody-here", "guess").text


def test_wrong_old_passwords_on_the_profile_form_count_too(app):
    user = factories.User(password=PASSWORD, fullname="変更 次郎")
    _attempt(app, user["name"], PASSWORD)
    form = {"name": user["name"], "fullname": user["fullname"], "email": "new@example.org",
            "old_password": "guess", "save": ""}
    for _ in range(5):
        page = app.post(f"/user/edit/{user['name']}", data=form)
        assert "パスワード" in page.text
    # now even the right old password is refused, and so is a new login
    app.post(f"/user/edit/{user['name']}", data=dict(form, old_password=PASSWORD))
    assert model.User.get(user["id"]).email == user["email"]
    app.get("/user/_logout")
    assert _attempt(app, user["name"], PASSWORD).status_code == 429
    _attempt(app, user["name"], PASSWORD, ELSEWHERE)  # the account, not the address
    assert not _logged_in(app, user)


def test_a_right_password_forgets_the_accounts_failures(app):
    user = factories.User(password=PASSWORD)
    for _ in range(4):
        _attempt(app, user["name"], "guess")
    assert _attempt(app, user["name"], PASSWORD).status_code == 200
    app.get("/user/_logout")
    for _ in range(4):
        assert _attempt(app, user["name"], "guess").status_code == 200
