"""What the ratings feature gives the community plugin (checked at load,
see ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from . import after_dataset_search, before_dataset_index, dataset_facets

FEATURE = Feature(provides=("actions", "auth", "apidoc", "blueprints", "helpers"),
                  hooks={"before_dataset_index": before_dataset_index,
                         "dataset_facets": dataset_facets,
                         "after_dataset_search": after_dataset_search})
