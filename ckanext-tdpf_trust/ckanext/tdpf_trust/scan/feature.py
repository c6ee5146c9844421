"""What the scan feature gives the trust plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from .analyser import file_analysers
from .hooks import (
    after_dataset_search,
    after_dataset_show,
    after_resource_create,
    after_resource_update,
    before_dataset_index,
    scheduled_tasks,
    signal_subscriptions,
)

FEATURE = Feature(
    provides=("actions", "auth", "helpers", "apidoc", "blueprints", "commands"),
    hooks={
        "before_dataset_index": before_dataset_index,
        "after_dataset_search": after_dataset_search,
        "after_dataset_show": after_dataset_show,
        "after_resource_create": after_resource_create,
        "after_resource_update": after_resource_update,
        "scheduled_tasks": scheduled_tasks,
        "file_analysers": file_analysers,
    },
    signals=signal_subscriptions,
)
