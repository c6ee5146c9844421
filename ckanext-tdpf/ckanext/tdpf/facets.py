"""Search facets of the catalog, with labels in the user's language."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

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
    ("source_catalog_name", "Source catalog"),
    ("tags", "Tags"),
]


def dataset_facets(facets_dict: dict, package_type: str) -> dict:
    facets_dict.clear()
    for field, label in DATASET_FACETS:
        facets_dict[field] = _(label)
    return facets_dict
