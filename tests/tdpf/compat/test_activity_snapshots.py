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


@pytest.mark.usefixtures("clean_db")
def test_the_change_after_a_new_view_still_has_its_diff(app):
    """Adding a view records an activity without the dataset in it; CKAN
    diffed the provider's next change against it and the 変更 page
    answered 404. It is diffed against the dataset as it was."""
    sysadmin = factories.Sysadmin()
    dataset = tdpf_factories.Dataset(notes="表を追加する前", owner_org=factories.Organization()["id"],
                                     resources=[{"url": "http://example.com/a.csv",
                                                 "format": "CSV"}])
    call_action("resource_view_create", {"user": sysadmin["name"]},
                resource_id=dataset["resources"][0]["id"], view_type="datatables_view",
                title="表")
    call_action("package_patch", {"user": sysadmin["name"]},
                **tdpf_factories.warranted(id=dataset["id"], notes="表を追加した後"))
    newest = call_action("package_activity_list", id=dataset["id"],
                         include_hidden_activity=True)[0]
    diff = call_action("activity_diff", {"user": sysadmin["name"]}, id=newest["id"],
                       object_type="package", diff_type="unified")
    before, after = (json.dumps(text)[1:-1] for text in ("表を追加する前", "表を追加した後"))
    assert f'-  "notes": "{before}"' in diff["diff"] and f'+  "notes": "{after}"' in diff["diff"]
    page = app.get(f"/dataset/changes/{newest['id']}",
                   headers={"Authorization": factories.APIToken(user=sysadmin["name"])["token"]})
    assert page.status_code == 200
    # nothing written: the view's activity still holds the view
    views = [a for a in call_action("package_activity_list", id=dataset["id"],
                                    include_hidden_activity=True)
             if a["activity_type"] == "new resource view"]
    assert views and "package" not in _stored(views[0]["id"])
