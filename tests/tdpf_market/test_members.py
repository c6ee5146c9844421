"""Sign-up asks for the member type; operators change tiers; a user sees
only their own profile. members.profile is M2's contract."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.tdpf_market.members import profile

from tests.forms import csrf_token
from tests.tdpf_market.conftest import ctx


def test_sign_up_asks_member_type(app, clean_db):
    form = app.get("/user/register").get_data(as_text=True)
    assert "会員種別" in form and "自治体" in form and "会員登録しない（閲覧のみ）" in form

    def register(name, **extra):  # a signed-up user is logged in: the form's token counts
        return app.post("/user/register", data={
            "name": name, "fullname": "テスト", "email": f"{name}@example.jp",
            "password1": "Market-2026-pass", "password2": "Market-2026-pass",
            "_csrf_token": csrf_token(app, "/user/register"),
            # the trust plugin's 利用規約 and プライバシーポリシー, ticked as a
            # person signing up does (ignored without that plugin)
            "accept_terms": "true", "accept_privacy": "true", **extra})

    mismatch = register("typo", member_type="corporation", organization_name="株式会社タイポ",
                        password2="Other-2026-pass").get_data(as_text=True)
    # the answers stay in the form after another field's error
    assert 'value="corporation" selected' in mismatch and "株式会社タイポ" in mismatch
    page = register("bad-type", member_type="government")
    assert "会員種別を「自治体」「法人」「個人」から選んでください" in page.get_data(as_text=True)
    assert model.User.get("bad-type") is None

    register("chiyoda-staff", member_type="municipality", organization_name="千代田区")
    user = model.User.get("chiyoda-staff")
    assert profile(user.id) == {"member_type": "municipality", "tier": "free",
                                "organization_name": "千代田区", "verified": False}
    register("visitor", member_type="")
    assert profile(model.User.get("visitor").id) is None


def test_operators_change_tiers_users_see_their_own(market):
    member = market["free_member"]
    assert call_action("tdpf_member_show", ctx(member))["tier"] == "free"
    for who in ("provider", "free_member", "nonmember"):
        with pytest.raises(tk.NotAuthorized):
            call_action("tdpf_member_update", ctx(market[who]), id=member["id"], tier="paid")
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_member_show", ctx(market["paid_member"]), id=member["id"])
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_member_show", ctx(None), id=member["id"])
    with pytest.raises(tk.ValidationError) as err:
        call_action("tdpf_member_update", ctx(market["operator"]), id=member["id"], tier="gold")
    assert "tier" in err.value.error_dict
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_member_update", ctx(market["operator"]), id="nobody", tier="paid")
    updated = call_action("tdpf_member_update", ctx(market["operator"]), id=member["name"],
                          tier="paid", organization_name="株式会社フリー")
    assert (updated["tier"], updated["organization_name"]) == ("paid", "株式会社フリー")
    assert profile(member["id"])["tier"] == "paid"
    # the upgrade makes the paid-members-only dataset requestable
    request = call_action("tdpf_access_request_create", ctx(member), dataset_id="flow-premium",
                          purpose="商用", accepted_conditions=True)
    assert request["state"] == "approved"
