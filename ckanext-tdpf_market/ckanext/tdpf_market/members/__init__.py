"""Member profiles: member type (自治体/法人/個人), tier (無料/有料) and
organisation name, kept in this plugin's table and read by every plugin
through the core's ``ckanext.tdpf.participants`` (this plugin answers its
``IParticipantProfiles``; verification comes from whichever plugin can tell).
A user without a profile (or without a member type) is not a member: they
browse the catalog and open data only."""
from __future__ import annotations

from typing import Any

from ckan.model import Session

from ckanext.tdpf.participants import TIERS, TYPES, is_member, profile  # noqa: F401

from .model import MemberProfile


def profile_row(user_id: str) -> MemberProfile | None:
    return Session.get(MemberProfile, user_id)


def stored(user_id: str) -> dict[str, Any] | None:
    """The stored profile (``IParticipantProfiles.participant_profile``)."""
    row = profile_row(user_id) if user_id else None
    if row is None:
        return None
    return {"member_type": row.member_type, "tier": row.tier,
            "organization_name": row.organization_name or ""}
