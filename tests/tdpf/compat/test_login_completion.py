"""compat/login_completion.py: the two-step login ends as CKAN's login view
does (the user logged in, a new CSRF token, the local ``next`` followed and
a foreign one refused), with CKAN's functions and with the fallback used
where a CKAN version lacks them."""
from __future__ import annotations

import pytest
from flask import session
from flask_login import current_user

from ckan import model
from ckan.common import config
from ckan.tests import factories
from ckan.views import user as user_views

from ckanext.tdpf.compat import login_completion

NAMES = ("regenerate_session", "rotate_token", "next_page_or_default")


def _login(app, user, next_page):
    field = config.get("WTF_CSRF_FIELD_NAME")
    with app.flask_app.test_request_context("/user/login", method="POST"):
        app.flask_app.preprocess_request()
        session[field] = "old-token"
        response = login_completion.complete(model.User.get(user["id"]), "", next_page)
        return (current_user.name, session.get(field) not in (None, "old-token"),
                response.status_code, response.headers["Location"])


@pytest.mark.parametrize("ckans", [True, False], ids=["ckan", "fallback"])
@pytest.mark.usefixtures("clean_db")
def test_login_ends_as_ckans_view(app, monkeypatch, ckans):
    if not ckans:
        for name in NAMES:
            monkeypatch.delattr(user_views, name)
    user = factories.User()
    name, rotated, status, location = _login(app, user, "/dataset/?q=park")
    assert (name, rotated, status) == (user["name"], True, 302)
    assert location.endswith("/dataset/?q=park")
    *_, elsewhere = _login(app, user, "//evil.example/")
    assert "evil.example" not in elsewhere and elsewhere.endswith("/dashboard/datasets")
