"""What the fees feature gives the market plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from .ledger import scheduled_tasks

FEATURE = Feature(
    provides=("actions", "auth", "apidoc", "blueprints", "commands"),
    hooks={
        "scheduled_tasks": scheduled_tasks,
    },
)
