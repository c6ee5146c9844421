"""Core actions the OpenAPI fuzz (tests/tdpf/openapi/test_fuzz.py) found
answering 500, behind their type gates (ckanext.tdpf.logic.gates): each
answers 409 naming the field and stores nothing."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import _get_test_app, call_action

from tests.factories import Dataset


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for):
    from tests.conftest import reset_tdpf_db

    reset_tdpf_db(reset_db, migrate_db_for)
    admin = ckan_factories.Sysadmin()
    org = ckan_factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    dataset = Dataset(owner_org=org["id"], user=admin,
                      resources=[{"url": "https://example.jp/a.csv", "format": "CSV"}])
    token = ckan_factories.APIToken(user=admin["name"])["token"]
    return {"org": org, "dataset": dataset, "headers": {"Authorization": token},
            "app": _get_test_app()}


def _users() -> int:
    model.Session.remove()
    return model.Session.execute(sa.text("SELECT count(*) FROM \"user\"")).scalar()


# (action, data, the field the message names); {org} is the world's organisation
CASES = [
    ("dcat_catalog_search", {"profiles": "nonexistent"}, "profiles"),
    ("dcat_catalog_search", {"profiles": "tdpf"}, "profiles"),  # read letter by letter
    ("dcat_catalog_show", {"profiles": ["euro_dcat_ap_3", "x"]}, "profiles"),
    ("bulk_update_public", {"datasets": [1.5, 2], "org_id": "{org}"}, "datasets"),
    ("bulk_update_public", {"datasets": "abc", "org_id": "{org}"}, "datasets"),
    *((name, {"org_id": "{org}", "datasets": None}, "datasets")
      for name in ("bulk_update_public", "bulk_update_private", "bulk_update_delete")),
    ("user_list", {"order_by": None}, "order_by"),  # found by the fuzz
    ("resource_create", {"package_id": "{dataset}", "url": -4.3e16}, "url"),  # the fuzz too
    ("harvest_source_show", {"url": 52722}, "url"),
    ("user_create", {"name": "fuzzed-user", "email": True, "password": "Long-password-12"},
     "email"),
    ("user_create", {"name": "fuzzed-user", "email": "a@example.jp",
                     "password": "Long-password-12", "about": False}, "about"),
    ("package_activity_list", {"id": "{dataset}", "after": -842327372607627460608}, "after"),
    ("user_activity_list", {"id": "{user}", "before": 10 ** 30}, "before"),
    ("organization_autocomplete", {"q": 5}, "q"),
    ("followee_list", {"id": "{user}", "q": ["a"]}, "q"),
    ("group_list", {"sort": "name,"}, "sort"),
    ("organization_list", {"organizations": [False, True]}, "organizations"),
    ("harvest_log_list", {"offset": None}, "offset"),
    ("harvest_log_list", {"level": "REASON"}, "level"),
    ("resource_create_default_resource_views", {"resource": {"id": "{resource}"}}, "resource"),
]


@pytest.mark.parametrize(("action", "data", "field"), CASES,
                         ids=[f"{a}-{f}-{i}" for i, (a, _, f) in enumerate(CASES)])
def test_fuzzed_500s_are_refused_naming_the_field(world, action, data, field):
    names = {"{org}": world["org"]["id"], "{dataset}": world["dataset"]["id"],
             "{user}": world["dataset"]["creator_user_id"],
             "{resource}": world["dataset"]["resources"][0]["id"]}
    data = {k: names.get(v, v) if isinstance(v, str) else
            ({kk: names.get(vv, vv) for kk, vv in v.items()} if isinstance(v, dict) else v)
            for k, v in data.items()}
    before = _users()
    answer = world["app"].post(f"/api/3/action/{action}", json=data, headers=world["headers"])
    assert answer.status_code == 409, answer.body[:300]
    assert field in answer.json["error"], answer.json
    assert _users() == before


def test_valid_values_still_pass(world):
    now = call_action("package_activity_list", id=world["dataset"]["id"], after=0)
    assert now and now[0]["object_id"] == world["dataset"]["id"]
    answer = world["app"].post("/api/3/action/dcat_catalog_search", json={"profiles": ["tdpf"]})
    assert answer.status_code == 200
    assert world["app"].get("/api/3/action/harvest_log_list?level=INFO",
                            headers=world["headers"]).status_code == 200


def test_harvest_source_show_by_an_unknown_url_anonymously(world):
    answer = world["app"].post("/api/3/action/harvest_source_show", json={"url": "https://x.jp/"})
    assert answer.status_code == 404 and answer.json["success"] is False
