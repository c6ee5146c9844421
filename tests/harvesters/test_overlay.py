"""Operator overlay (issue 18 part 2): an operator's correction of a
harvested record is kept apart from the harvested content, shown beside
the harvested value, survives a re-harvest that changes the record at the
source, and can be removed (back to the harvested value)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_harvesters.overlay import HarvestOverlay

from tests.factories import Dataset

from .conftest import harvest, harvested


def _one(remote, source) -> tuple[str, dict]:
    remote_id = sorted(remote.datasets)[0]
    return remote_id, harvested(source)[remote_id]


def _fields(result: dict) -> dict[str, dict]:
    return {f["field"]: f for f in result["fields"]}


def _search(q: str) -> set[str]:
    return {r["id"] for r in tk.get_action("package_search")({}, {"q": q})["results"]}


def test_overlay_survives_a_reharvest_that_changes_the_record(remote, make_source, sysadmin):
    source = make_source(remote.url)
    harvest(source)
    remote_id, pkg = _one(remote, source)
    harvested_title = pkg["title"]
    call_action("tdpf_harvest_overlay_update", {"user": sysadmin["name"]},
                id=pkg["name"], title="千代田区 避難所一覧（当サイトで修正）",
                tags="避難所, 防災", theme=["justice_environment"], focus_area="disaster",
                municipality_codes=["132292"], provider_type="municipality",
                standard_dataset="shelter", license_id="cc-by-4.0")
    shown = call_action("package_show", id=pkg["id"])
    assert shown["title"] == "千代田区 避難所一覧（当サイトで修正）"
    assert {t["name"] for t in shown["tags"]} == {"防災", "避難所"}
    assert shown["theme"] == ["justice_environment"] and shown["focus_area"] == ["disaster"]
    assert shown["municipality_codes"] == ["132292"] and shown["standard_dataset"] == "shelter"
    assert _search("当サイトで修正") == {pkg["id"]}
    assert pkg["id"] in {r["id"] for r in tk.get_action("package_search")(
        {}, {"fq": "theme:justice_environment"})["results"]}

    # the source changes the record: its notes and title change
    remote.touch(remote_id, title="避難所一覧（取得元で改題）", notes="取得元で説明を変更")
    stats = harvest(source)
    assert stats["stats"]["updated"] == 1
    after = harvested(source)[remote_id]
    assert after["title"] == "千代田区 避難所一覧（当サイトで修正）"  # ours, kept
    assert after["notes"] == "取得元で説明を変更"  # not corrected: the source's
    assert after["municipality_codes"] == ["132292"] and after["theme"] == ["justice_environment"]
    fields = _fields(call_action("tdpf_harvest_overlay_show", {"user": sysadmin["name"]},
                                 id=pkg["id"]))
    assert fields["title"]["harvested"] == "避難所一覧（取得元で改題）"
    assert fields["title"]["ours"] == "千代田区 避難所一覧（当サイトで修正）"
    assert fields["notes"]["ours"] is None and fields["notes"]["harvested"] == "取得元で説明を変更"
    assert fields["municipality_codes"]["harvested"] == ["131016"]
    assert _search("当サイトで修正") == {pkg["id"]} and _search("取得元で改題") == set()

    # removing the correction: the harvested value comes back, in search too
    call_action("tdpf_harvest_overlay_delete", {"user": sysadmin["name"]},
                id=pkg["id"], field="title")
    assert call_action("package_show", id=pkg["id"])["title"] == "避難所一覧（取得元で改題）"
    assert _search("取得元で改題") == {pkg["id"]} and _search("当サイトで修正") == set()
    assert harvested_title != "避難所一覧（取得元で改題）"
    # the other corrections stay, and a no-change re-run keeps them
    harvest(source)
    assert harvested(source)[remote_id]["municipality_codes"] == ["132292"]
    assert harvested(source)[remote_id]["title"] == "避難所一覧（取得元で改題）"


def _rows() -> int:
    return model.Session.execute(select(func.count()).select_from(HarvestOverlay)).scalar_one()


@pytest.mark.parametrize(("bad", "field"), [
    ({"license_id": "no-such-licence"}, "license_id"),
    ({"theme": ["no_such_theme"]}, "theme"),
    ({"municipality_codes": "131017"}, "municipality_codes"),  # wrong check digit
    ({"title": 42}, "title"),
    ({"tags": [1, 2]}, "tags"),
])
def test_refused_values_store_nothing(remote, make_source, sysadmin, app, bad, field):
    source = make_source(remote.url)
    harvest(source)
    _, pkg = _one(remote, source)
    token = factories.APIToken(user=sysadmin["name"])["token"]
    res = app.post("/api/3/action/tdpf_harvest_overlay_update",
                   json={"id": pkg["id"], "title": "この題は保存されない", **bad},
                   headers={"Authorization": token}, status=409)
    error = res.json["error"]
    assert error["__type"] == "Validation Error" and error[field]
    assert _rows() == 0
    shown = call_action("package_show", id=pkg["id"])
    assert shown["title"] == pkg["title"] and shown["license_id"] == pkg["license_id"]


def test_bad_requests_are_clear(remote, make_source, sysadmin):
    source = make_source(remote.url)
    harvest(source)
    _, pkg = _one(remote, source)
    ctx = {"user": sysadmin["name"]}
    with pytest.raises(tk.ValidationError) as e:
        call_action("tdpf_harvest_overlay_update", ctx, id=pkg["id"])
    assert "fields" in e.value.error_dict
    with pytest.raises(tk.ValidationError) as e:
        call_action("tdpf_harvest_overlay_delete", ctx, id=pkg["id"], field="maintainer")
    assert "field" in e.value.error_dict
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_harvest_overlay_delete", ctx, id=pkg["id"], field="title")
    own = Dataset(owner_org=pkg["owner_org"])  # not harvested
    with pytest.raises(tk.ObjectNotFound, match="not harvested"):
        call_action("tdpf_harvest_overlay_update", ctx, id=own["id"], title="x")


def test_only_operators_and_the_organisations_editors(remote, make_source, sysadmin, app):
    source = make_source(remote.url)
    harvest(source)
    _, pkg = _one(remote, source)
    editor, member, other = factories.User(), factories.User(), factories.User()
    call_action("organization_member_create", {"user": sysadmin["name"]},
                id=pkg["owner_org"], username=editor["name"], role="editor")
    call_action("organization_member_create", {"user": sysadmin["name"]},
                id=pkg["owner_org"], username=member["name"], role="member")
    factories.Organization(users=[{"name": other["name"], "capacity": "admin"}])
    for action in ("tdpf_harvest_overlay_update", "tdpf_harvest_overlay_show",
                   "tdpf_harvest_overlay_delete"):
        for user in (None, member, other):
            ctx = {"user": user["name"] if user else "", "ignore_auth": False}
            with pytest.raises(tk.NotAuthorized):
                call_action(action, ctx, id=pkg["id"], title="x", field="title")
    assert _rows() == 0
    token = factories.APIToken(user=member["name"])["token"]
    app.post("/api/3/action/tdpf_harvest_overlay_update", json={"id": pkg["id"], "title": "x"},
             headers={"Authorization": token}, status=403)
    call_action("tdpf_harvest_overlay_update", {"user": editor["name"], "ignore_auth": False},
                id=pkg["id"], title="編集者が修正")
    assert call_action("package_show", id=pkg["id"])["title"] == "編集者が修正"
    res = app.get(f"/api/3/action/tdpf_harvest_overlay_show?id={pkg['id']}", status=403)
    assert res.json["success"] is False


def test_overlay_page_shows_both_values_saves_and_removes(remote, make_source, sysadmin, app):
    source = make_source(remote.url)
    harvest(source)
    remote_id, pkg = _one(remote, source)
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    url = f"/dataset/{pkg['name']}/harvest-overlay"
    page = app.get(url, headers=headers).body
    assert "取得元の値 / 当サイトの値" in page and pkg["title"] in page
    res = app.post(url, data={"title": "当サイトの題名", "notes": pkg["notes"],
                              "license_id": "no-such"}, headers=headers)
    assert res.status_code == 200 and "ライセンス" in res.body  # the form again, with the error
    assert _rows() == 0
    res = app.post(url, data={"title": "当サイトの題名", "theme": "population, other"},
                   headers=headers, follow_redirects=False)
    assert res.status_code == 302, res.body[res.body.find("error"):][:2000]
    shown = call_action("package_show", id=pkg["id"])
    assert shown["title"] == "当サイトの題名" and shown["theme"] == ["population", "other"]
    dataset_page = app.get(f"/dataset/{pkg['name']}", headers=headers).body
    assert "取得元の値 / 当サイトの値" in dataset_page
    assert f"{pkg['title']} → 当サイトの題名" in dataset_page
    assert "取得元の値 / 当サイトの値" not in app.get(f"/dataset/{pkg['name']}").body
    app.get(url, status=403)  # anonymous
    app.post(url + "/remove", data={"field": "title"}, headers=headers, status=302,
             follow_redirects=False)
    assert call_action("package_show", id=pkg["id"])["title"] == pkg["title"]
