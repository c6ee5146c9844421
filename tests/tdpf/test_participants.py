"""The core's contracts between trust and market (ckanext.tdpf.participants,
.availability, the demo's IDemoPublication): each plugin works without the
other, and with both loaded each answers the other through the core."""
from __future__ import annotations

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import availability, participants

from tests import factories as tdpf_factories
from tests.demo_support import cut_demo_catalog

BASE = "tdpf scheming_datasets scheming_organizations dcat harvest tdpf_ckan tdpf_dcat activity"
WITHOUT_TRUST = f"{BASE} tdpf_market"
WITHOUT_MARKET = f"{BASE} tdpf_trust"


def _as(user: dict) -> dict:
    return {"user": user["name"], "ignore_auth": False}


def _member(name: str, member_type: str = "corporation", tier: str = "free") -> dict:
    user = factories.User(name=name, email=f"{name}@example.jp")
    call_action("tdpf_member_update", {"ignore_auth": True}, id=user["id"],
                member_type=member_type, tier=tier, organization_name="株式会社テスト")
    return user


@pytest.mark.ckan_config("ckan.plugins", WITHOUT_TRUST)
@pytest.mark.usefixtures("clean_db")
def test_without_trust_verification_is_unknown_and_the_market_still_works():
    member = _member("sokuryo-kk")
    assert participants.verified(member["id"]) is None  # nobody can tell
    assert participants.refusal(member["name"]) is None
    shown = call_action("tdpf_member_show", _as(member))
    assert shown["member_type"] == "corporation" and shown["tier"] == "free"
    assert shown["verified"] is False and shown["organization_name"] == "株式会社テスト"
    # a member requests conditional data: nothing asks a trust plugin
    org = factories.Organization()
    pkg = tdpf_factories.Dataset(owner_org=org["id"], access_level="conditional",
                            eligible_member_types=["corporation"],
                            trading_policy_use_application=["研究"])
    assert availability.hidden_reason(pkg) is None and not availability.hidden(pkg)
    request = call_action("tdpf_access_request_create", _as(member), dataset_id=pkg["id"],
                          purpose="研究", accepted_conditions=True)
    assert request["state"] == "pending"


@pytest.mark.ckan_config("ckan.plugins", WITHOUT_MARKET)
@pytest.mark.usefixtures("clean_db")
def test_without_market_nobody_is_a_member_and_trust_still_works():
    from ckanext.tdpf_trust.mfa import totp as mfa

    user = factories.User()
    assert participants.profile(user["id"]) is None
    assert participants.member_type(user["id"]) is None and not participants.is_member(user["id"])
    # the trust plugin still answers verification and refusals
    assert participants.verified(user["id"]) is False
    status = mfa.status(model.User.get(user["id"]))
    assert status["member_type"] is None and status["required"] is False
    sysadmin = factories.Sysadmin()
    call_action("tdpf_suspension_create", _as(sysadmin), object_type="user",
                object_id=user["name"], reason="なりすまし")
    assert "suspended" in participants.refusal(user["name"])["msg"]


@pytest.mark.usefixtures("clean_db")
def test_with_both_a_suspended_member_is_refused_through_the_refusal_provider():
    member = _member("kaisha-a")
    org = factories.Organization()
    pkg = tdpf_factories.Dataset(owner_org=org["id"], access_level="conditional",
                            trading_policy_use_application=["研究"])
    assert participants.refusal(member["name"]) is None
    assert participants.member_type(member["id"]) == "corporation"
    call_action("tdpf_suspension_create", _as(factories.Sysadmin()), object_type="user",
                object_id=member["name"], reason="規約違反")
    refused = participants.refusal(member["name"])
    assert refused["success"] is False and "suspended" in refused["msg"]
    with pytest.raises(tk.NotAuthorized, match="suspended"):
        call_action("tdpf_access_request_create", _as(member), dataset_id=pkg["id"],
                    purpose="研究", accepted_conditions=True)


@pytest.mark.usefixtures("clean_db")
def test_with_both_verification_comes_from_trust_and_hiding_from_its_tombstones():
    member = _member("kuyakusho", member_type="municipality")
    assert call_action("tdpf_member_show", _as(member))["verified"] is False
    org = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    # an organisation without a review row counts as approved: its members are verified
    assert participants.verified(member["id"]) is True
    assert call_action("tdpf_member_show", _as(member))["verified"] is True
    pkg = tdpf_factories.Dataset(owner_org=org["id"])
    assert availability.hidden_reason(pkg) is None
    call_action("tdpf_suspension_create", _as(factories.Sysadmin()),
                object_type="organization", object_id=org["id"], reason="調査中")
    assert availability.hidden_reason(pkg)["kind"] == "suspended"


@pytest.mark.ckan_config("ckan.plugins", WITHOUT_TRUST)
@pytest.mark.usefixtures("clean_db")
def test_demo_loader_publishes_directly_without_trust(monkeypatch):
    from ckanext.tdpf import demo

    some = cut_demo_catalog(monkeypatch, 2)
    counts = demo.load(factories.Sysadmin()["name"], echo=lambda _line: None)
    assert counts["datasets_created"] == 2
    found = call_action("package_search", {"user": ""}, q="*:*")
    assert sorted(d["name"] for d in found["results"]) == sorted(d["name"] for d in some)


def _listens(signal, receiver, sender) -> bool:
    return any(r is receiver for r in signal.receivers_for(sender))


def test_signals_are_subscribed_while_their_plugin_is_loaded():
    """Trust's scan follows dataset actions and the market answers trust's
    withdrawal signal only while loaded (ISignal), not from an import."""
    from ckan.lib import signals

    from ckanext.tdpf_market import grants
    from ckanext.tdpf_trust.scan import hooks as scan

    withdrawal = tk.signals.ckanext.signal(grants.WITHDRAWAL_RECIPIENTS)
    assert _listens(signals.action_succeeded, scan._on_action, "package_update")
    assert _listens(withdrawal, grants.grant_holders, "any-dataset")
    p.unload("tdpf_trust", "tdpf_market")
    try:
        assert not _listens(signals.action_succeeded, scan._on_action, "package_update")
        assert not _listens(withdrawal, grants.grant_holders, "any-dataset")
    finally:  # back in the configured order (hooks and chains depend on it)
        p.unload_all()
        p.load_all()
    assert _listens(signals.action_succeeded, scan._on_action, "package_update")
