"""compat/activity_snapshots.py: inside ``masked`` the activity and the one
before it carry the masked data; nothing is written and afterwards they read
what is stored."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.compat import activity_snapshots

from tests import factories as tdpf_factories


def _stored(activity_id: str) -> dict:
    """The row's data as the database holds it (a JSON text column)."""
    return json.loads(model.Session.execute(sa.text(
        "SELECT data FROM activity WHERE id = :id"), {"id": activity_id}).scalar())


@pytest.mark.usefixtures("clean_db")
def test_masked_data_is_seen_inside_and_never_written():
    sysadmin = {"user": factories.Sysadmin()["name"]}
    dataset = tdpf_factories.Dataset(notes="最初", owner_org=factories.Organization()["id"])
    for notes in ("二回目", "三回目", "四回目"):
        call_action("package_patch", dict(sysadmin), id=dataset["id"], notes=notes)
    newest, previous, first = call_action("package_activity_list", id=dataset["id"])[:3]
    activity = activity_snapshots.stored(newest["id"])
    seen = []

    def mask(rows):
        seen.append(len(rows))
        for row in rows:
            row["data"]["package"]["notes"] = "伏せ字"

    with activity_snapshots.masked(activity, mask):
        rows = [activity_snapshots.stored(a["id"]) for a in (newest, previous, first)]
        assert [r.data["package"]["notes"] for r in rows] == ["伏せ字", "伏せ字", "二回目"]
        assert not model.Session.dirty
    model.Session.commit()
    assert seen == [2]
    assert [_stored(a["id"])["package"]["notes"] for a in (newest, previous)] == ["四回目", "三回目"]
    assert activity_snapshots.stored(newest["id"]).data["package"]["notes"] == "四回目"
    assert activity_snapshots.stored("") is None
