"""The data rate as people read it: labels, rating names and "how to fix"
texts in the request's language (msgids translated through the .po)."""
from __future__ import annotations

import copy
from typing import Any

import ckan.plugins.toolkit as tk

from .score import FAILED, MAX_SCORE, MET, MISSING, RATINGS, UNKNOWN

# msgids of the indicator states
STATE_LABELS = {MET: "Met", MISSING: "Missing", FAILED: "Link failed", UNKNOWN: "Not checked"}


def rating_label(rating: str, lang: str = "ja") -> str:
    for key, _low, ja, en in RATINGS:
        if key == rating:
            return ja if lang == "ja" else en
    return rating


def _indicator(ind: dict[str, Any]) -> dict[str, Any]:
    ind["label"] = tk._(ind["label"])
    ind["state_label"] = tk._(STATE_LABELS[ind["state"]])
    ind["fix"] = tk._(ind["fix"]) if ind["fix"] else ""
    return ind


def localise(result: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    """A copy of a breakdown with display texts added."""
    out = copy.deepcopy(result)
    out["rating_label"] = rating_label(out["rating"], lang)
    for dim in out["dimensions"]:
        dim["label"] = tk._(dim["label"])
        dim["indicators"] = [_indicator(i) for i in dim["indicators"]]
    out["missing"] = [_indicator(i) for i in out["missing"]]
    return out


def for_display(pkg: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    """The localised breakdown of a ``package_show`` dict (dataset page)."""
    from . import for_package
    return localise(for_package(pkg), lang)


def badges(packages: list[dict[str, Any]], lang: str = "ja") -> list[dict[str, Any]]:
    """Score, rating and stars of each search result, in order (one query
    of the link checks for the whole page)."""
    from . import rates
    return [{"score": score, "rating": rating, "rating_label": rating_label(rating, lang),
             "stars": stars, "max_score": MAX_SCORE}
            for score, rating, stars in rates(packages)]
