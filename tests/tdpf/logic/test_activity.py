"""activity_show through the API (ckanext.tdpf.logic.activity): CKAN
2.12's auth function answered 500 when ``include_data`` was left out, and
``include_data=false`` handed the stored snapshot to anyone who may see
the dataset although public_activity_stream_detail is off."""
from __future__ import annotations

import pytest

from ckan.common import config
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import _get_test_app, call_action

from tests.factories import Dataset


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for):
    from tests.conftest import reset_tdpf_db

    reset_tdpf_db(reset_db, migrate_db_for)
    admin = ckan_factories.Sysadmin()
    org = ckan_factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    dataset = Dataset(owner_org=org["id"], user=admin, notes="the first description")
    activity = call_action("package_activity_list", id=dataset["id"])[0]
    token = ckan_factories.APIToken(user=admin["name"])["token"]
    return {"activity": activity["id"], "token": token, "app": _get_test_app()}


@pytest.mark.parametrize("extra", [{}, {"include_data": False}, {"include_data": "false"}])
def test_anonymous_gets_no_snapshot_without_public_detail(world, extra):
    answer = world["app"].post("/api/3/action/activity_show",
                               json={"id": world["activity"], **extra})
    assert answer.status_code == 403, answer.body[:300]
    assert answer.json["error"]["__type"] == "Authorization Error"
    assert "the first description" not in answer.body


def test_with_public_detail_anonymous_reads_it(world, monkeypatch):
    monkeypatch.setitem(config, "ckan.auth.public_activity_stream_detail", True)
    answer = world["app"].get(f"/api/3/action/activity_show?id={world['activity']}")
    assert answer.status_code == 200
    assert answer.json["result"]["data"]["package"]["notes"] == "the first description"


def test_sysadmin_reads_it(world):
    answer = world["app"].post("/api/3/action/activity_show", json={"id": world["activity"]},
                               headers={"Authorization": world["token"]})
    assert answer.status_code == 200
    assert answer.json["result"]["data"]["package"]["notes"] == "the first description"
