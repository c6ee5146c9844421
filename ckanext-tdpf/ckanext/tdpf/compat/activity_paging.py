"""Replaces ckanext-activity's ``_get_older_activities_url`` and
``_get_newer_activities_url`` (``ckanext/activity/views.py``): the "older"
and "newer" links of the activity pages of datasets, organisations, groups
and users.

Both read the first or last activity shown (``stream[0]``, ``stream[-1]``)
whenever ``before`` or ``after`` is in the query string, so a page with no
activity in it (``?before=`` earlier than the first activity: an old link,
or ``before=0``) raised IndexError, a 500. Here a page with no activity has
neither link; otherwise CKAN's own function answers."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

REPLACES = "ckanext-activity's older/newer activity links"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = ("CKAN's own links run: an activity page past the last "
                    "activity answers 500 again.")
_NAMES = ("_get_older_activities_url", "_get_newer_activities_url")


def _paging(original: Callable[..., Any]) -> Callable[..., Any]:
    def paging(has_more: bool, stream: list[dict[str, Any]], **kwargs: Any) -> Any:
        return original(has_more, stream, **kwargs) if stream else None
    paging.tdpf_replaces = original  # type: ignore[attr-defined]
    return paging


def install(on: bool) -> None:
    from ckanext.activity import views

    for name in _NAMES:
        current = getattr(views, name)
        original = getattr(current, "tdpf_replaces", current)
        if not on:
            setattr(views, name, original)
        elif current is original:  # update_config runs more than once
            setattr(views, name, _paging(current))
