"""Usefulness ratings (1–5 with an optional reason) of datasets, one per
user and dataset; the average and count go into the search index (facet
and sort 評価の高い順)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .summary import BAND, SORT, index_fields

_ = tk._


def before_dataset_index(pkg_dict):
    return index_fields(pkg_dict)


def dataset_facets(facets_dict, package_type):
    facets_dict[BAND] = _("Rating")
    return facets_dict


def after_dataset_search(search_results, search_params):
    """Label the rating facet's items ★4 and up, ..."""
    facet = (search_results.get("search_facets") or {}).get(BAND)
    for item in (facet or {}).get("items", []):
        item["display_name"] = _("★{n} and up").format(n=item["name"])
    return search_results


__all__ = ["SORT", "after_dataset_search", "before_dataset_index", "dataset_facets"]
