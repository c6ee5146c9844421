"""What the review feature gives the trust plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from .organizations import after_dataset_search, before_dataset_index, dataset_facets

FEATURE = Feature(
    provides=("actions", "auth", "helpers", "apidoc", "blueprints"),
    hooks={
        "before_dataset_index": before_dataset_index,
        "after_dataset_search": after_dataset_search,
        "dataset_facets": dataset_facets,
    },
)
