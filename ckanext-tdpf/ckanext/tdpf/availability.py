"""Whether a dataset that exists is offered now: a plugin that can hide
datasets (the trust plugin: withdrawal after notice, suspension) answers
through ``IHiddenReasonProvider``; without one every active dataset is."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p

from .interfaces import IHiddenReasonProvider

__all__ = ["hidden", "hidden_reason"]


def hidden_reason(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """``{"kind": "withdrawn"|"suspended", "reason", "since", ...}`` or None."""
    for plugin in p.PluginImplementations(IHiddenReasonProvider):
        found = plugin.dataset_hidden_reason(pkg_dict)
        if found:
            return found
    return None


def hidden(pkg_dict: dict[str, Any]) -> bool:
    """Not active, or hidden by a plugin."""
    return pkg_dict.get("state", "active") != "active" or bool(hidden_reason(pkg_dict))
