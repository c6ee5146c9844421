"""Auth of ratings: anyone reads (the action checks the dataset), those
signed in and not suspended rate."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import access

__all__ = ["tdpf_rating_create", "tdpf_rating_show"]


def tdpf_rating_create(context, data_dict):
    return access.may_post(context)


@tk.auth_allow_anonymous_access
def tdpf_rating_show(context, data_dict):
    return {"success": True}
