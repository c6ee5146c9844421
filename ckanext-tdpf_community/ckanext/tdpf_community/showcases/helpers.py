"""Template helpers of the showcases: a dataset's (on its page), the recent
ones (home page), the states' labels."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import web
from .model import STATE_LABELS, STATES

__all__ = ["tdpf_community_dataset_showcases", "tdpf_community_recent_showcases",
           "tdpf_community_showcase_states"]


def tdpf_community_dataset_showcases(package_id: str) -> list[dict]:
    """The approved showcases using the dataset (none when the reader may
    not see it)."""
    try:
        return tk.get_action("tdpf_showcase_list")(
            web.context(), {"dataset": package_id, "state": "approved", "limit": 20})["results"]
    except (tk.ObjectNotFound, tk.ValidationError):
        return []


def tdpf_community_recent_showcases(limit: int = 3) -> list[dict]:
    """The latest approved showcases, for the home page."""
    return tk.get_action("tdpf_showcase_list")(
        web.context(), {"state": "approved", "limit": limit})["results"]


def tdpf_community_showcase_states() -> list[dict[str, str]]:
    return [{"value": s, "label": tk._(STATE_LABELS[s])} for s in STATES]
