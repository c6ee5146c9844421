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


def file_level_label(level: Any, lang: str = "ja") -> str:
    """A file level (0-3, as an int or the index's string) as people read it
    (a table, as the ratings': facets are labelled outside requests too)."""
    if str(level) == "0":
        return "Below level 1" if lang == "en" else "レベル1未満"
    return f"Level {level}" if lang == "en" else f"レベル{level}"


# msgids of the file pipeline's states (files/model.py)
FILE_STATE_LABELS = {"queued": "Waiting for the check", "checked": "Checked",
                     "too_large": "Too large to check", "unreachable": "Could not be fetched",
                     "not_tabular": "Not a table", "error": "Check failed"}


def label_file(rated: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    """Display texts of one entry of ``files.resource_files``."""
    rated["state_label"] = tk._(FILE_STATE_LABELS.get(rated["state"] or "",
                                                      "Waiting for the check"))
    rated["level_label"] = ("" if rated["level"] is None
                            else file_level_label(rated["level"], lang))
    return rated


def with_files(result: dict[str, Any], pkg: dict[str, Any], user: str | None,
               lang: str = "ja") -> dict[str, Any]:
    """A localised breakdown with the file dimension added: ``files`` (each
    resource the pipeline saw), ``file_dimension`` (score, level) and
    ``overall`` (metadata and files combined, see files.py)."""
    from . import files
    rated = [label_file(r, lang)
             for r in files.resource_files(pkg.get("resources") or [], user, lang)]
    dimension = files.dataset_files(rated)
    dimension["level_label"] = ("" if dimension["level"] is None
                                else file_level_label(dimension["level"], lang))
    both = files.overall(result["score"], dimension["score"])
    both["rating_label"] = rating_label(both["rating"], lang)
    result.update(files=rated, file_dimension=dimension, overall=both)
    return result


def for_display(pkg: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    """The localised breakdown of a ``package_show`` dict (dataset page),
    with the file dimension as the current user may see it."""
    from . import for_package
    return with_files(localise(for_package(pkg), lang), pkg,
                      getattr(tk.current_user, "name", None) or None, lang)


def badges(packages: list[dict[str, Any]], lang: str = "ja") -> list[dict[str, Any]]:
    """Score, rating and stars of each search result, in order (one query
    of the link checks for the whole page)."""
    from . import rates
    return [{"score": score, "rating": rating, "rating_label": rating_label(rating, lang),
             "stars": stars, "max_score": MAX_SCORE}
            for score, rating, stars in rates(packages)]
