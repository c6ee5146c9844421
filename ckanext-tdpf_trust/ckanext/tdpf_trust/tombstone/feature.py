"""What the tombstone feature gives the trust plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from .hiding import (
    after_dataset_search,
    after_dataset_show,
    before_dataset_index,
    before_dataset_search,
)

FEATURE = Feature(
    provides=("blueprints",),
    hooks={
        "before_dataset_index": before_dataset_index,
        "before_dataset_search": before_dataset_search,
        "after_dataset_search": after_dataset_search,
        "after_dataset_show": after_dataset_show,
    },
)
