"""What the withdrawal feature gives the trust plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from .notice import after_dataset_show, before_dataset_index, scheduled_tasks

FEATURE = Feature(
    provides=("actions", "auth", "apidoc"),
    hooks={
        "before_dataset_index": before_dataset_index,
        "after_dataset_show": after_dataset_show,
        "scheduled_tasks": scheduled_tasks,
    },
)
