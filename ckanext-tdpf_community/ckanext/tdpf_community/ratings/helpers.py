"""Template helpers of the rating section, and the search page's sort
option 評価の高い順 added to the core's list."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import web
from .summary import SORT

__all__ = ["tdpf_community_rating", "tdpf_search_sorting"]


def tdpf_community_rating(package_id: str) -> dict:
    """The dataset's rating as the visitor may see it ({} when they may not)."""
    try:
        return tk.get_action("tdpf_rating_show")(web.context(), {"package_id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return {}


@tk.chained_helper
def tdpf_search_sorting(next_helper) -> list[tuple[str, str]]:
    return [*next_helper(), (tk._("Highest rated first"), SORT)]
