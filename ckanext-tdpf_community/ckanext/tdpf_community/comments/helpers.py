"""Template helpers of the comment section."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import web
from .actions import KIND_LABELS

__all__ = ["tdpf_community_comments", "tdpf_community_comment_kind"]


def tdpf_community_comments(subject_type: str, subject_id: str) -> dict:
    """The comments the visitor may see ({} when the subject is not theirs to see)."""
    try:
        return tk.get_action("tdpf_comment_list")(
            web.context(), {"subject_type": subject_type, "subject_id": subject_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return {}


def tdpf_community_comment_kind(kind: str) -> str:
    return tk._(KIND_LABELS.get(kind, "Comment"))
