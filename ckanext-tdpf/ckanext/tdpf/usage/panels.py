"""The facade over ``IUsagePanels``: every plugin's panels for the
dashboard, in plugin order. A failing panel is left out (logged), so one
plugin's bug does not take the providers' page down."""
from __future__ import annotations

import logging

import ckan.plugins as p

from ..interfaces import IUsagePanels

log = logging.getLogger(__name__)


def gather(organization_ids: list[str], days: int) -> list[dict]:
    panels: list[dict] = []
    if not organization_ids:
        return panels
    for plugin in p.PluginImplementations(IUsagePanels):
        try:
            found = plugin.usage_panels(list(organization_ids), days) or []
        except Exception:  # noqa: BLE001 - see the module docstring
            log.exception("usage panel of %s failed", plugin)
            continue
        panels.extend(panel for panel in found if panel.get("rows") is not None)
    return panels
