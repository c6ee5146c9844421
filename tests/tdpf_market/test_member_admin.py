"""Operators list the members and change a tier on their admin page
(tdpf_member_list, /ckan-admin/market-members); nobody else can."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action


def _headers(user) -> dict:
    return {"Authorization": factories.APIToken(user=user["id"])["token"]}


@pytest.mark.usefixtures("clean_db")
def test_operator_lists_members_and_changes_a_tier(app):
    operator = factories.Sysadmin()
    member = factories.User(name="hanako", fullname="東京 花子")
    call_action("tdpf_member_update", {"ignore_auth": True}, id=member["id"],
                member_type="corporation", tier="free", organization_name="花子商事")
    factories.User(name="browser")  # not a member: not listed

    found = call_action("tdpf_member_list", {"user": operator["name"]}, q="花子")
    assert found["count"] == 1 and found["results"][0]["name"] == "hanako"
    assert found["results"][0]["tier"] == "free"

    page = app.get("/ckan-admin/market-members", headers=_headers(operator))
    assert page.status_code == 200
    assert "会員" in page.body and "花子商事" in page.body and "browser" not in page.body

    response = app.post("/ckan-admin/market-members/hanako", headers=_headers(operator),
                        data={"tier": "paid", "member_type": "corporation"},
                        follow_redirects=False)
    assert response.status_code == 302
    shown = call_action("tdpf_member_show", {"user": operator["name"]}, id="hanako")
    assert (shown["tier"], shown["member_type"]) == ("paid", "corporation")

    # a bad tier is refused with a message, the profile unchanged
    app.post("/ckan-admin/market-members/hanako", headers=_headers(operator),
             data={"tier": "gold", "member_type": "corporation"})
    assert call_action("tdpf_member_show", {"user": operator["name"]}, id="hanako")["tier"] == "paid"


@pytest.mark.usefixtures("clean_db")
def test_only_operators(app):
    member = factories.User()
    call_action("tdpf_member_update", {"ignore_auth": True}, id=member["id"],
                member_type="individual", tier="free")
    for headers in ({}, _headers(member)):
        assert app.get("/ckan-admin/market-members", headers=headers).status_code == 403
        assert app.post(f"/ckan-admin/market-members/{member['name']}", headers=headers,
                        data={"tier": "paid"}).status_code == 403
    assert call_action("tdpf_member_show", {"ignore_auth": True}, id=member["id"])["tier"] == "free"
    with pytest.raises(Exception) as refused:
        call_action("tdpf_member_list", {"user": member["name"], "ignore_auth": False})
    assert "operators" in str(refused.value) or "運営者" in str(refused.value)
