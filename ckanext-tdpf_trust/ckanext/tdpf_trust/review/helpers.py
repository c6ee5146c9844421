"""Template helpers of the organisation review."""
from __future__ import annotations

from .organizations import is_verified, state

__all__ = ["tdpf_trust_org_verified", "tdpf_trust_org_review_state"]


def tdpf_trust_org_verified(organization_id: str | None) -> bool:
    """True when TDPF operators approved the organisation (badge 「TDPF確認済み」)."""
    return is_verified(organization_id)


def tdpf_trust_org_review_state(organization_id: str | None) -> str | None:
    """``pending``, ``approved`` or ``rejected`` (None without an organisation)."""
    return state(organization_id)
