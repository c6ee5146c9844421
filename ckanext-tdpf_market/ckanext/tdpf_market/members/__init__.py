"""Member profiles: member type (自治体/法人/個人), tier (無料/有料),
organisation name and verification (from the trust plugin when loaded).
A user without a profile (or without a member type) is not a member: they
browse the catalog and open data only."""
from __future__ import annotations

import importlib
from typing import Any

import ckan.plugins as p
from ckan.model import Session

from .model import MemberProfile

TYPES = ("municipality", "corporation", "individual")
TIERS = ("free", "paid")


def _verified(user_id: str) -> bool:
    """The trust plugin's verification of the member (its review feature's
    ``user_is_verified(user_id)``, when it has one; its ``is_verified`` is
    about organisations)."""
    if not p.plugin_loaded("tdpf_trust"):
        return False
    try:
        review = importlib.import_module("ckanext.tdpf_trust.review")
    except ImportError:
        return False
    check = getattr(review, "user_is_verified", None)
    return bool(check(user_id)) if check else False


def profile_row(user_id: str) -> MemberProfile | None:
    return Session.get(MemberProfile, user_id)


def profile(user_id: str) -> dict[str, Any] | None:
    """``{"member_type", "tier", "organization_name", "verified"}`` of a
    user, or None for a user who never became a member."""
    row = profile_row(user_id) if user_id else None
    if row is None:
        return None
    return {"member_type": row.member_type,
            "tier": row.tier if row.member_type else None,
            "organization_name": row.organization_name or "",
            "verified": _verified(user_id)}


def is_member(user_id: str | None) -> bool:
    info = profile(user_id) if user_id else None
    return bool(info and info["member_type"])
