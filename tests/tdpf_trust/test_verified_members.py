"""A member's verification (shown by the market plugin's member profile):
MFA enrolment for individuals, or membership of an organisation the
operators approved."""
from __future__ import annotations

import pyotp
import pytest

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_trust.mfa import totp as mfa
from ckanext.tdpf_trust.review.organizations import user_is_verified


def _profile(user) -> dict:
    return call_action("tdpf_member_show", {"user": user["name"], "ignore_auth": False},
                       id=user["id"])


@pytest.mark.usefixtures("clean_db")
def test_verified_by_mfa_or_by_an_approved_organisation():
    member = factories.User()
    call_action("tdpf_member_update", {"ignore_auth": True}, id=member["id"],
                member_type="individual", tier="free")
    assert user_is_verified(member["id"]) is False
    assert _profile(member)["verified"] is False

    # an organisation a user applied for stays pending: not yet a verification
    applicant = factories.User()
    pending = call_action("organization_create", {"user": applicant["name"]},
                          name="pending-shop", title="申請中の商店")
    assert user_is_verified(applicant["id"]) is False
    call_action("organization_member_create", {"user": applicant["name"]},
                id=pending["id"], username=member["name"], role="member")
    assert user_is_verified(member["id"]) is False

    # approved by the operators: its members are verified
    operator = factories.Sysadmin()
    call_action("tdpf_organization_review_decide", {"user": operator["name"]},
                id=pending["id"], decision="approve")
    assert user_is_verified(member["id"]) is True and _profile(member)["verified"] is True

    # an individual without an organisation: enrolling in MFA verifies
    solo = factories.User()
    user = model.User.get(solo["id"])
    row = mfa.begin(user)
    assert user_is_verified(solo["id"]) is False  # not confirmed yet
    assert mfa.confirm(user, pyotp.TOTP(row.secret).now())
    assert user_is_verified(solo["id"]) is True
