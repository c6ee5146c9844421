"""compat/user_page_variables.py: the variables of a user's profile pages,
from CKAN's private function on the pinned version and, on another, from
public APIs: the same for the user themself, another user and a sysadmin."""
from __future__ import annotations

import pytest
from werkzeug.exceptions import HTTPException

from ckan.tests import factories

from ckanext.tdpf import compat
from ckanext.tdpf.compat import user_page_variables


def _as(app, viewer, monkeypatch, user_id, fast: bool) -> dict:
    monkeypatch.setitem(compat._decided, "user_page_variables", fast)
    headers = {"Authorization": factories.APIToken(user=viewer["id"])["token"]} if viewer else {}
    with app.flask_app.test_request_context("/user/x", headers=headers):
        app.flask_app.preprocess_request()
        try:
            return user_page_variables.for_user(user_id)
        except HTTPException as e:  # abort(): the page's error
            return {"abort": e.code}


@pytest.mark.usefixtures("clean_db")
def test_fallback_gives_what_ckans_private_function_gives(app, monkeypatch):
    member, other, sysadmin = factories.User(about="**自己紹介**"), factories.User(), \
        factories.Sysadmin()
    shown = {}
    for viewer in (member, other, sysadmin, None):
        ckans = _as(app, viewer, monkeypatch, member["name"], True)
        assert _as(app, viewer, monkeypatch, member["name"], False) == ckans
        shown[viewer["name"] if viewer else ""] = ckans
    assert shown[member["name"]]["is_myself"] and not shown[sysadmin["name"]]["is_myself"]
    assert shown[sysadmin["name"]]["is_sysadmin"]
    assert "<strong>" in str(shown[member["name"]]["about_formatted"])


@pytest.mark.usefixtures("clean_db")
def test_an_unknown_user_is_refused_alike_both_ways(app, monkeypatch):
    sysadmin = factories.Sysadmin()
    for viewer in (sysadmin, None):
        ckans = _as(app, viewer, monkeypatch, "nobody-here", True)
        assert "abort" in ckans
        assert _as(app, viewer, monkeypatch, "nobody-here", False) == ckans
