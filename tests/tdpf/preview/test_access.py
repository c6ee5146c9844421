"""A gated (conditional) resource's table and a private dataset's table:
every DataStore read (the Action API, datastore_info, the datatables
view's ajax endpoint, the dump, the map's GeoJSON route) refuses anonymous
visitors and members without a grant; the provider and, once approved, a
member with a grant read it."""
from __future__ import annotations

import json

import pytest

from ckan.tests import factories
from ckan.tests.helpers import _get_test_app, call_action

from tests.tdpf.preview.conftest import load_file

SECRET = "gated-cell-v8k2"


def _token(user: dict | None) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}


def _reads(client, resource_id: str, view_id: str, headers: dict) -> dict[str, tuple[int, bool]]:
    """Every DataStore read route: (status, whether the planted cell showed)."""
    answers = {
        "datastore_search": client.get(
            f"/api/3/action/datastore_search?resource_id={resource_id}", headers=headers),
        "datastore_search q": client.post(
            "/api/3/action/datastore_search", headers=headers,
            json={"resource_id": resource_id, "q": SECRET}),
        "datastore_info": client.get(f"/api/3/action/datastore_info?id={resource_id}",
                                     headers=headers),
        "datastore_search_sql": client.get(
            "/api/3/action/datastore_search_sql?sql="
            f'SELECT * FROM "{resource_id}"', headers=headers),
        "dump": client.get(f"/datastore/dump/{resource_id}", headers=headers),
        "dump json": client.get(f"/datastore/dump/{resource_id}?format=json", headers=headers),
        "datatables ajax": client.post(f"/datatables/ajax/{view_id}", headers=headers, data={
            "draw": "1", "start": "0", "length": "10", "search[value]": "",
            "columns[0][data]": "_id", "order[0][column]": "0", "order[0][dir]": "asc"}),
        "view page": client.get(f"/dataset/{_package_of(resource_id)}/resource/{resource_id}"
                                f"/view/{view_id}", headers=headers),
    }
    return {name: (r.status_code, SECRET in r.get_data(as_text=True))
            for name, r in answers.items()}


def _package_of(resource_id: str) -> str:
    return call_action("resource_show", {"ignore_auth": True}, id=resource_id)["package_id"]


@pytest.fixture(scope="module")
def gated(world, tmp_path_factory):
    path = tmp_path_factory.mktemp("gated") / "flow.csv"
    path.write_text(f"地点,人数,緯度,経度\n{SECRET},1520,35.68,139.76\n", encoding="utf-8")
    resource = world["upload"]  # an upload of the conditional dataset
    assert load_file(resource, path, gated=True)["rows"] == 1
    private = world["private"]["resources"][0]
    load_file(private, path, gated=True)
    views = {r["id"]: next(v["id"] for v in call_action(
        "resource_view_list", {"ignore_auth": True}, id=r["id"])
        if v["view_type"] == "datatables_view") for r in (resource, private)}
    return {"resource": resource, "private": private, "views": views}


def test_gated_table_refused_without_a_grant(world, gated):
    client = _get_test_app()
    resource, view = gated["resource"]["id"], gated["views"][gated["resource"]["id"]]
    for who in (None, world["free_member"], world["nonmember"], world["other_editor"]):
        reads = _reads(client, resource, view, _token(who))
        leaked = {name for name, (_, shown) in reads.items() if shown}
        assert not leaked, (who and who["name"], leaked)
        for name in ("datastore_search", "datastore_search q", "datastore_info", "dump",
                     "datatables ajax"):
            assert reads[name][0] in (403, 404), (who and who["name"], name, reads[name])
        assert reads["view page"][0] in (200, 403)
    # the action refuses too (the auth functions, not only the routes)
    with pytest.raises(Exception, match="access request|Authoriz"):
        call_action("datastore_search", {"user": world["free_member"]["name"],
                                         "ignore_auth": False}, resource_id=resource)

    # the provider reads it; so does the member once their request is approved
    provider = _reads(client, resource, view, _token(world["provider"]))
    assert provider["datastore_search"] == (200, True) and provider["dump"] == (200, True)
    member = world["free_member"]
    request = call_action("tdpf_access_request_create", {"user": member["name"],
                          "ignore_auth": False}, dataset_id=world["conditional"]["id"],
                          purpose="研究", accepted_conditions=True)
    call_action("tdpf_access_request_decide", {"user": world["provider"]["name"],
                "ignore_auth": False}, id=request["id"], decision="approve")
    granted = _reads(client, resource, view, _token(member))
    for name in ("datastore_search", "datastore_search q", "datastore_info", "dump",
                 "datatables ajax"):
        assert granted[name][0] == 200, (name, granted[name])
    assert granted["datastore_search"][1] and granted["dump"][1]
    assert json.loads(client.post(f"/datatables/ajax/{view}", headers=_token(member), data={
        "draw": "1", "start": "0", "length": "10", "search[value]": "",
        "columns[0][data]": "_id", "order[0][column]": "0", "order[0][dir]": "asc"},
    ).get_data(as_text=True))["recordsTotal"] == 1
    # SQL search stays off for everyone: it would read around these checks
    assert granted["datastore_search_sql"][0] in (400, 403, 404)


def test_private_dataset_table_is_its_members_only(world, gated):
    client = _get_test_app()
    private, view = gated["private"]["id"], gated["views"][gated["private"]["id"]]
    for who in (None, world["free_member"], world["other_editor"]):
        reads = _reads(client, private, view, _token(who))
        assert not {name for name, (_, shown) in reads.items() if shown}, who
        assert reads["datastore_search"][0] in (403, 404)
    assert _reads(client, private, view, _token(world["provider"]))["datastore_search"] == (
        200, True)
