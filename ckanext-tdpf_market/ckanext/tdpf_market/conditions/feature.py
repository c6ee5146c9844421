"""What the conditions feature gives the market plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from . import before_dataset_index, dataset_facets

FEATURE = Feature(
    provides=("actions", "helpers", "apidoc"),
    hooks={
        "before_dataset_index": before_dataset_index,
        "dataset_facets": dataset_facets,
    },
)
