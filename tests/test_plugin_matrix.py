"""What a site shows with each plugin combination users can configure: the
core alone, core + trust, core + market, all (tests/matrix.py runs this
module with each). The expectations follow the loaded plugins: a missing
plugin leaves no trace (no actions, pages, commands or tasks of its own) and
the core's answers for what it would have said stay well defined."""
from __future__ import annotations

import pytest

import ckan.plugins as p
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import availability, participants, scheduler

from tests import factories

TRUST = p.plugin_loaded("tdpf_trust")
MARKET = p.plugin_loaded("tdpf_market")
COMMUNITY = p.plugin_loaded("tdpf_community")


@pytest.fixture
def dataset(clean_db):
    org = ckan_factories.Organization()
    return factories.Dataset(owner_org=org["id"], private=False, title="公園一覧")


def test_a_dataset_is_published_shown_and_found(app, dataset):
    assert call_action("package_show", id=dataset["id"])["title"] == "公園一覧"
    found = call_action("package_search", q="公園")
    assert [d["id"] for d in found["results"]] == [dataset["id"]]
    page = app.get(f"/dataset/{dataset['name']}")
    assert page.status_code == 200 and "公園一覧" in page.body
    assert ("tdpf-market-conditions" in page.body) is MARKET
    assert availability.hidden_reason(dataset) is None


def test_the_api_offers_exactly_the_loaded_plugins_actions(app):
    paths = app.get("/api/3/openapi.json").json["paths"]
    names = {path.rsplit("/", 1)[-1] for path in paths}
    assert "package_search" in names  # the core's, behind its type gate
    assert ("tdpf_warranty_create" in names) is TRUST
    assert ("tdpf_suspension_create" in names) is TRUST
    assert ("tdpf_access_request_create" in names) is MARKET
    assert ("tdpf_member_update" in names) is MARKET
    assert ("tdpf_datarequest_create" in names) is COMMUNITY
    assert ("tdpf_comment_create" in names) is COMMUNITY


def test_a_participant_profile_is_kept_by_the_market_and_verified_by_trust(clean_db):
    user = ckan_factories.User()
    if MARKET:
        call_action("tdpf_member_update", {"ignore_auth": True}, id=user["id"],
                    member_type="corporation", tier="paid", organization_name="株式会社テスト")
        assert participants.profile(user["id"]) == {
            "member_type": "corporation", "tier": "paid",
            "organization_name": "株式会社テスト", "verified": False}
    else:
        assert participants.profile(user["id"]) is None
    # the trust plugin's organisation review answers; without it nobody can tell
    assert participants.verified(user["id"]) is (False if TRUST else None)
    assert participants.refusal(user["name"]) is None


@pytest.mark.skipif(not TRUST, reason="a suspension is the trust plugin's")
def test_a_suspended_user_is_refused_through_the_core(clean_db):
    user = ckan_factories.User()
    call_action("tdpf_suspension_create", {"ignore_auth": True, "user": "site"},
                object_type="user", object_id=user["name"], reason="規約違反")
    assert participants.refusal(user["name"])


def test_the_scheduler_runs_the_loaded_plugins_tasks():
    names = {task.name for task in scheduler.all_tasks()}
    assert {"search-index-check", "link-check"} <= names
    assert any(n.startswith("trust-") for n in names) is TRUST
    assert any(n.startswith("market-") for n in names) is MARKET


def test_ckan_tdpf_lists_the_loaded_plugins_commands(cli):
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["tdpf", "--help"])
    assert result.exit_code == 0, result.output
    assert ("mfa" in result.output) is TRUST
    assert ("fees" in result.output) is MARKET
