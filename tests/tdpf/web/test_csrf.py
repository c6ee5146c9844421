"""CSRF (issue 15 #6): an API token exempts its own request from the CSRF
check, not the view for every later request (CKAN's ``csrf.exempt(view)``,
replaced by ckanext.tdpf.compat.csrf_exemption); a session cookie's write,
to a page or to the Action API, needs the page's token (form field or the
X-CSRFToken header CKAN's JavaScript sends)."""
from __future__ import annotations

import json

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.factories import warranted
from tests.forms import csrf_token

pytestmark = pytest.mark.usefixtures("clean_db")
PASSWORD = "Csrf-2026-pass"


@pytest.fixture
def editor():
    user = factories.User(password=PASSWORD)
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    token = factories.APIToken(user=user["name"])["token"]
    return {"user": user, "org": org, "auth": {"Authorization": token}}


def _log_in(app, user: dict) -> None:
    """The login form, as a browser posts it: the session cookie from now on."""
    answer = app.post("/user/login", data={"login": user["name"], "password": PASSWORD,
                                           "_csrf_token": csrf_token(app, "/user/login")})
    assert answer.status_code == 200 and "/user/_logout" in answer.text


def _tokens(user: dict) -> list[str]:
    return [t["name"] for t in call_action("api_token_list", {"user": user["name"]},
                                           user_id=user["name"])]


def test_a_token_request_does_not_exempt_the_page_from_csrf_for_cookies(app, editor):
    user = editor["user"]
    form = f"/user/{user['name']}/api-tokens"
    # CKAN exempted this view for the whole worker after this one request
    assert app.get(form, headers=editor["auth"]).status_code == 200
    _log_in(app, user)
    forged = app.post(form, data={"name": "forged"})  # another site's form: no token
    assert forged.status_code == 403, forged.status_code
    assert "セキュリティトークン" in forged.text  # what happened and what to do
    assert "forged" not in _tokens(user)
    # the page's own form (with its token) still works
    made = app.post(form, data={"name": "mine", "_csrf_token": csrf_token(app, form)})
    assert made.status_code == 200 and "mine" in _tokens(user)


def _dataset(editor: dict, name: str) -> dict:
    return warranted(name=name, title=name, owner_org=editor["org"]["id"],
                     license_id="cc-by-4.0")


def test_a_cookie_write_to_the_api_needs_the_csrf_token(app, editor):
    # anonymous and token calls (exempt: no session, or a token) come first,
    # as they would in a running worker
    assert app.post("/api/3/action/package_search", json={}).status_code == 200
    made = app.post("/api/3/action/package_create", headers=editor["auth"],
                    json=_dataset(editor, "by-token"))
    assert made.status_code == 200, made.text[:300]
    _log_in(app, editor["user"])
    for forged in ({"json": _dataset(editor, "forged-json")},
                   {"data": {json.dumps(_dataset(editor, "forged-form")): "1"}}):
        refused = app.post("/api/3/action/package_create", **forged)
        assert refused.status_code == 403, refused.text[:300]
        error = refused.json["error"]
        assert refused.json["success"] is False and error["__type"] == "Authorization Error"
        assert "X-CSRFToken" in error["message"]
    names = call_action("package_list", {"ignore_auth": True})
    assert "forged-json" not in names and "forged-form" not in names
    # CKAN's JavaScript client sends the page's token in X-CSRFToken
    ok = app.post("/api/3/action/package_create", json=_dataset(editor, "from-the-page"),
                  headers={"X-CSRFToken": csrf_token(app)})
    assert ok.status_code == 200, ok.text[:300]
    # reads need no token
    assert app.get("/api/3/action/package_show?id=from-the-page").status_code == 200
