"""Auth of comments: anyone reads what they may see (the action checks the
dataset), those signed in and not suspended post."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import access

__all__ = ["tdpf_comment_create", "tdpf_comment_list"]


def tdpf_comment_create(context, data_dict):
    return access.may_post(context)


@tk.auth_allow_anonymous_access
def tdpf_comment_list(context, data_dict):
    return {"success": True}
