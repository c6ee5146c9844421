"""What the grants feature gives the market plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from . import scheduled_tasks, signal_subscriptions

FEATURE = Feature(
    provides=("actions", "auth", "helpers", "apidoc", "blueprints", "commands"),
    hooks={
        "scheduled_tasks": scheduled_tasks,
    },
    signals=signal_subscriptions,
)
