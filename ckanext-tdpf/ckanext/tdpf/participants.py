"""The participant profile: member type (自治体/法人/個人), tier (無料/有料),
organisation name and verification, as every plugin reads it.

The market plugin keeps the profiles (``IParticipantProfiles``); whether TDPF
has checked a participant is answered by whichever plugin can
(``IParticipantVerifier``: the trust plugin); an account refused everything
(a suspension) by ``IRefusalProvider``. Without those plugins a user has no
profile, verification is unknown and nobody is refused: callers need no
check of which plugins are loaded."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p

from .interfaces import IParticipantProfiles, IParticipantVerifier, IRefusalProvider
from .vocab import choices

__all__ = ["TIERS", "TYPES", "is_member", "member_type", "profile", "refusal", "verified"]

TYPES: tuple[str, ...] = tuple(value for value, _ja, _en in choices.MEMBER_TYPES)
TIERS: tuple[str, ...] = tuple(value for value, _ja, _en in choices.MEMBER_TIERS)


def _stored(user_id: str | None) -> dict[str, Any] | None:
    if not user_id:
        return None
    for plugin in p.PluginImplementations(IParticipantProfiles):
        found = plugin.participant_profile(user_id)
        if found is not None:
            return found
    return None


def profile(user_id: str | None) -> dict[str, Any] | None:
    """``{"member_type", "tier", "organization_name", "verified"}`` of a user,
    or None for a user who never signed up as a member. ``tier`` is None for
    a profile without a member type; ``verified`` is False when no plugin
    can tell."""
    found = _stored(user_id)
    if found is None:
        return None
    kind = found.get("member_type") or None
    return {"member_type": kind,
            "tier": found.get("tier") if kind else None,
            "organization_name": found.get("organization_name") or "",
            "verified": verified(user_id) is True}


def member_type(user_id: str | None) -> str | None:
    """``municipality``, ``corporation``, ``individual`` or None (without
    asking for verification)."""
    return (_stored(user_id) or {}).get("member_type") or None


def is_member(user_id: str | None) -> bool:
    return bool(member_type(user_id))


def verified(user_id: str | None) -> bool | None:
    """True when a verifier vouches for the user, False when one answered
    and none vouches, None when no plugin can tell (unknown)."""
    if not user_id:
        return None
    answer: bool | None = None
    for plugin in p.PluginImplementations(IParticipantVerifier):
        said = plugin.participant_verified(user_id)
        if said:
            return True
        if said is not None:
            answer = False
    return answer


def refusal(user_name: str | None) -> dict[str, Any] | None:
    """The first refusal of the user (an auth-function result), or None."""
    if not user_name:
        return None
    for plugin in p.PluginImplementations(IRefusalProvider):
        refused = plugin.user_refusal(user_name)
        if refused:
            return refused
    return None
