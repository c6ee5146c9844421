"""Template helpers of the organisation review."""
from __future__ import annotations

from . import is_verified

__all__ = ["tdpf_trust_org_verified"]


def tdpf_trust_org_verified(organization_id: str | None) -> bool:
    """True when TDPF operators approved the organisation (badge 「TDPF確認済み」)."""
    return is_verified(organization_id)
