"""Search facets of the catalog, with labels in the user's language.

Facet titles come from ``dataset_facets``; facet ITEMS (the values) are
labelled once in ``label_search_facets`` (``after_dataset_search``), so the
web page, its filter pills and the Action API all show 区市町村 rather than
``municipality`` and 千代田区 rather than ``131016``."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from .datarate import present as datarate_present
from .vocab import choices, licences, municipality

_ = tk._

# (index field, label msgid) in display order.
DATASET_FACETS = [
    ("organization", "Organizations"),
    ("provider_type", "Provider type"),
    ("municipality_codes", "Municipality"),
    ("theme", "Theme"),
    ("focus_area", "Focus area"),
    ("standard_dataset", "Standard dataset"),
    ("res_format", "Formats"),
    ("license_id", "Licenses"),
    ("access_rights", "Access rights"),
    ("data_rate_rating", "Data rate"),
    ("file_level", "File level"),
    ("source_catalog_name", "Source catalog"),
    ("tags", "Tags"),
]

# Sort option of the search page: best data rate first.
DATA_RATE_SORT = "data_rate_score desc, metadata_modified desc"
# ... and best file level (machine-readability of the files) first; datasets
# with no checked file last.
FILE_LEVEL_SORT = "file_level desc, file_score desc, metadata_modified desc"


def dataset_facets(facets_dict: dict, package_type: str) -> dict:
    facets_dict.clear()
    for field, label in DATASET_FACETS:
        facets_dict[field] = _(label)
    return facets_dict


def current_lang() -> str:
    """"en" or "ja" for the current request; outside one (CLI, jobs, action
    calls) that of ``ckan.locale_default``."""
    try:
        lang = tk.h.lang()
    except (RuntimeError, AttributeError, TypeError):
        lang = tk.config.get("ckan.locale_default")
    return "en" if lang == "en" else "ja"


def municipality_label(code: str, lang: str = "ja") -> str:
    """Short name for facets: 千代田区 (the prefecture only when the code is
    outside Tokyo or is a prefecture, e.g. 大阪府 大阪市)."""
    row = municipality.table().get(code)
    if not row:
        return code
    if lang == "en" and row.get("en"):
        return row["en"]
    if row["pref"] in ("東京都", row["name"]):
        return row["name"]
    return municipality.label(code)


def licence_label(licence_id: str, lang: str = "ja") -> str:
    lic = licences.licences().get(licence_id)
    if not lic:
        return licence_id
    return lic.get("title_en", lic["title"]) if lang == "en" else lic["title"]


def _labeller(field: str, lang: str) -> Callable[[str], str] | None:
    if field in choices.LISTS:
        return lambda v: choices.label(field, v, lang)
    return {
        "municipality_codes": lambda v: municipality_label(v, lang),
        "data_rate_rating": lambda v: datarate_present.rating_label(v, lang),
        "file_level": lambda v: datarate_present.file_level_label(v, lang),
        "license_id": lambda v: licence_label(v, lang),
    }.get(field)


def label_search_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    """Set ``display_name`` of every facet item we know a label for."""
    lang = current_lang()
    for field, facet in (search_results.get("search_facets") or {}).items():
        label = _labeller(field, lang)
        if not label:
            continue
        for item in facet.get("items", []):
            item["display_name"] = label(item["name"])
    return search_results


@dataclass(frozen=True)
class OneValueFacet:
    """A facet a plugin adds whose one value marks datasets (a verified
    provider, a provider's warranty): its title and the label of its item,
    each a function so the text is translated per request."""
    field: str
    title: Callable[[], str]
    item: Callable[[], str]

    def dataset_facets(self, facets_dict: dict, package_type: str) -> dict:
        facets_dict[self.field] = self.title()
        return facets_dict

    def after_dataset_search(self, search_results: dict, search_params: dict) -> dict:
        facet = (search_results.get("search_facets") or {}).get(self.field) or {}
        for item in facet.get("items", []):
            item["display_name"] = self.item()
        return search_results
