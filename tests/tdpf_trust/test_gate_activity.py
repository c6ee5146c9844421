"""Changes that pass the publication gate still reach the activity stream
(the gate commits for package_update, which then reports no change itself)."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import factories as tdpf_factories
from tests.factories import warranted


@pytest.mark.usefixtures("clean_db")
def test_public_dataset_changes_are_in_its_activity_stream():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "admin"}])
    ds = tdpf_factories.Dataset(owner_org=org["id"], user=user, title="公園一覧")
    ctx = {"user": user["name"]}
    call_action("package_patch", dict(ctx), **warranted(id=ds["id"], title="公園一覧（2024年度）"))
    call_action("package_patch", dict(ctx), id=ds["id"], private=True)

    def stream():
        return [(a["activity_type"], a["data"]["package"]["title"], a["data"]["package"]["private"])
                for a in call_action("package_activity_list", dict(ctx), id=ds["id"],
                                     include_hidden_activity=True)]
    assert stream() == [("changed package", "公園一覧（2024年度）", True),
                        ("changed package", "公園一覧（2024年度）", False),
                        ("new package", "公園一覧", False)]
