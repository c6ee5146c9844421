"""A harvest source's configuration is for those who run the source: the
list, the source's dataset and search answer anonymous visitors and other
users alike, without it; the organisation's editors and sysadmins see it."""
from __future__ import annotations

import json

import pytest

from ckan import model
from ckan.tests import factories

from ckanext.harvest.model import HarvestSource

MARKER = "SEKRET-cfg-4711"


def _headers(user: dict | None) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}


def _api(app, action: str, user: dict | None = None, **params):
    response = app.get(f"/api/3/action/{action}", query_string=params, headers=_headers(user))
    assert response.status_code == 200, response.body
    return response


@pytest.fixture
def source(make_source):
    editor = factories.User()
    org = {"name": "org-private-cfg", "title": "設定のある組織",
           "users": [{"name": editor["name"], "capacity": "editor"}]}
    made = make_source("http://127.0.0.1:9/", name="with-config", org=org, note=MARKER)
    model.Session.remove()
    return made, editor


@pytest.mark.usefixtures("clean_index")
def test_public_users_see_the_sources_without_their_configuration(app, source, sysadmin):
    made, editor = source
    outsider = factories.User()
    lists = {}
    for who, user in (("anonymous", None), ("outsider", outsider)):
        response = _api(app, "harvest_source_list", user)
        assert MARKER not in response.body
        lists[who] = [(s["id"], s["url"]) for s in response.json["result"]]
        assert all("config" not in s for s in response.json["result"])
        for action in ("package_show", "harvest_source_show"):
            shown = _api(app, action, user, id=made["name"])
            assert MARKER not in shown.body
            assert "config" not in shown.json["result"] and "note" not in shown.json["result"]
            assert shown.json["result"]["url"] == "http://127.0.0.1:9/"
        found = _api(app, "package_search", user, fq="dataset_type:harvest")
        assert [r["name"] for r in found.json["result"]["results"]] == ["with-config"]
        assert MARKER not in found.body
        # nor can a query test for it
        assert _api(app, "package_search", user, fq="dataset_type:harvest",
                    q=MARKER).json["result"]["count"] == 0
        for page in ("/harvest", "/harvest/with-config", "/harvest/about/with-config"):
            response = app.get(page, headers=_headers(user))
            assert response.status_code == 200 and MARKER not in response.body
    # the same sources for both (a logged-in user used to get [])
    assert lists["anonymous"] == lists["outsider"] == [(made["id"], "http://127.0.0.1:9/")]

    for user in (editor, sysadmin):
        listed = _api(app, "harvest_source_list", user).json["result"]
        assert json.loads(listed[0]["config"])["note"] == MARKER
        for action in ("package_show", "harvest_source_show"):
            shown = _api(app, action, user, id=made["name"]).json["result"]
            assert json.loads(shown["config"])["note"] == MARKER and shown["note"] == MARKER


@pytest.mark.usefixtures("clean_index")
def test_an_edit_by_its_editor_keeps_the_configuration(app, source):
    made, editor = source
    app.post("/api/3/action/package_patch", json={"id": made["id"], "title": "新しい題名"},
             headers=_headers(editor), status=200)
    model.Session.remove()
    assert json.loads(HarvestSource.get(made["id"]).config)["note"] == MARKER
    shown = _api(app, "harvest_source_show", editor, id=made["name"]).json["result"]
    assert shown["title"] == "新しい題名" and json.loads(shown["config"])["note"] == MARKER
