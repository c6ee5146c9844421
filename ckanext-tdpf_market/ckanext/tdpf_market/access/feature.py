"""What the access feature gives the market plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from . import after_dataset_show, before_dataset_index

FEATURE = Feature(
    provides=("actions", "auth", "apidoc", "blueprints"),
    hooks={
        "before_dataset_index": before_dataset_index,
        "after_dataset_show": after_dataset_show,
    },
)
