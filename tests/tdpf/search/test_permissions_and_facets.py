"""Private and draft datasets stay invisible, and uncounted, to the wrong
user; facet counts are exact under filters."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import factories as tdpf_factories


def _api(app, user=None, **params):
    headers = {"Authorization": user["token"]} if user else {}
    res = app.post("/api/3/action/package_search", json=params, headers=headers)
    assert res.status_code == 200, res.body
    return res.json["result"]


def _facet(result, field):
    return {i["name"]: i["count"] for i in result["search_facets"][field]["items"]}


@pytest.fixture
def two_orgs(clean_db):
    member = factories.UserWithToken()
    outsider = factories.UserWithToken()
    org_a = factories.Organization(
        name="org-a", users=[{"name": member["name"], "capacity": "editor"}])
    org_b = factories.Organization(name="org-b")
    for i in range(3):
        tdpf_factories.Dataset(owner_org=org_a["id"], name=f"a-public-{i}", title="防災 公開",
                          tags=[{"name": "防災"}])
    tdpf_factories.Dataset(owner_org=org_a["id"], name="a-private", title="防災 非公開",
                      private=True, tags=[{"name": "防災"}, {"name": "秘密"}])
    tdpf_factories.Dataset(owner_org=org_b["id"], name="b-private", title="防災 他組織",
                      private=True, tags=[{"name": "防災"}])
    tdpf_factories.Dataset(owner_org=org_b["id"], name="b-public", title="交通",
                      tags=[{"name": "交通"}])
    return {"member": member, "outsider": outsider}


def test_anonymous_never_sees_or_counts_private(app, two_orgs):
    result = _api(app, q="防災", include_private=True,
                  **{"facet.field": ["tags", "organization"]})
    assert result["count"] == 3
    assert {r["name"] for r in result["results"]} == {f"a-public-{i}" for i in range(3)}
    assert _facet(result, "tags") == {"防災": 3}
    assert "秘密" not in _facet(result, "tags")
    assert _facet(result, "organization") == {"org-a": 3}


def test_outsider_with_include_private_sees_only_public(app, two_orgs):
    result = _api(app, two_orgs["outsider"], q="防災", include_private=True,
                  **{"facet.field": ["tags"]})
    assert result["count"] == 3
    assert _facet(result, "tags") == {"防災": 3}


def test_member_sees_own_org_private_but_not_others(app, two_orgs):
    result = _api(app, two_orgs["member"], q="防災", include_private=True,
                  **{"facet.field": ["tags", "organization"]})
    assert {r["name"] for r in result["results"]} == {
        "a-public-0", "a-public-1", "a-public-2", "a-private"}
    assert _facet(result, "tags") == {"防災": 4, "秘密": 1}
    assert _facet(result, "organization") == {"org-a": 4}


def test_private_hidden_unless_include_private(app, two_orgs):
    result = _api(app, two_orgs["member"], q="防災")
    assert "a-private" not in {r["name"] for r in result["results"]}


def test_facets_exact_under_filters(app, two_orgs):
    result = _api(app, q="*:*", fq="organization:org-a",
                  **{"facet.field": ["tags", "organization"]})
    assert _facet(result, "organization") == {"org-a": 3}
    result = _api(app, q="*:*", **{"facet.field": ["tags", "organization"]})
    assert _facet(result, "organization") == {"org-a": 3, "org-b": 1}
    assert _facet(result, "tags") == {"防災": 3, "交通": 1}


def test_facet_limit_and_mincount(app, two_orgs):
    result = _api(app, q="*:*", **{"facet.field": ["tags"], "facet.limit": 1})
    assert _facet(result, "tags") == {"防災": 3}
    result = _api(app, q="*:*", **{"facet.field": ["tags"], "facet.mincount": 2})
    assert _facet(result, "tags") == {"防災": 3}


@pytest.mark.usefixtures("clean_db")
def test_drafts_only_with_include_drafts():
    org = factories.Organization()
    tdpf_factories.Dataset(owner_org=org["id"], name="draft-one", title="下書き", state="draft")
    assert call_action("package_search", q="下書き")["count"] == 0
    result = call_action("package_search", q="下書き", include_drafts=True)
    assert [r["name"] for r in result["results"]] == ["draft-one"]


@pytest.mark.usefixtures("clean_db")
def test_deleted_and_made_private_leave_public_search(app):
    admin = factories.Sysadmin()
    org = factories.Organization()
    ds = tdpf_factories.Dataset(owner_org=org["id"], name="soon-gone", title="消える")
    ds2 = tdpf_factories.Dataset(owner_org=org["id"], name="soon-private", title="消える")
    assert _api(app, q="消える")["count"] == 2
    call_action("package_delete", {"user": admin["name"]}, id=ds["id"])
    call_action("package_patch", {"user": admin["name"]}, id=ds2["id"], private=True)
    assert _api(app, q="消える", include_private=True)["count"] == 0
