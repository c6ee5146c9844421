"""Template helpers: the number of unread notifications for the dashboard tab."""
from __future__ import annotations

from ckan.common import current_user

from .service import unread

__all__ = ["tdpf_community_unread"]


def tdpf_community_unread() -> int:
    if not current_user.is_authenticated:
        return 0
    return unread(current_user.id)
