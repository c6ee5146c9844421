"""Audit records of any plugin's events, kept by whichever plugin keeps the
audit log (``IAuditSink``: the trust plugin). Without one nothing is
recorded, and callers need no check of which plugins are loaded."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p

from .interfaces import IAuditSink

__all__ = ["record"]


def record(event: str, *, actor: str | None = "", object_type: str = "",
           object_id: str = "", detail: dict[str, Any] | None = None) -> None:
    """Record ``event`` (e.g. ``community.hide``) in the caller's
    transaction: it is kept only if the caller's change is committed."""
    for plugin in p.PluginImplementations(IAuditSink):
        plugin.audit_record(event, actor or "", object_type, str(object_id or ""),
                            dict(detail or {}))
