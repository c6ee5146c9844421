"""A showcase as the API and the pages show it: the datasets it uses are
those the reader may see (a private one is left out, not named)."""
from __future__ import annotations

from typing import Any

from ckan import model

from .. import access
from .images import display_url
from .model import Showcase


def _datasets(context, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for pkg_id in ids or []:
        pkg = access.dataset(context, pkg_id)
        if pkg is not None:
            out.append({"id": pkg.id, "name": pkg.name, "title": pkg.title or pkg.name})
    return out


def as_dict(row: Showcase, context) -> dict[str, Any]:
    user = access.user_of(context)
    mine_or_operator = access.is_operator(context) or (user is not None
                                                       and user.id == row.user_id)
    decided = model.User.get(row.decided_by) if row.decided_by else None
    out = {"id": row.id, "title": row.title, "description": row.description or "",
           "url": row.url or "", "image_url": row.image_url or "",
           "image_display_url": display_url(row.image_url), "author": row.author or "",
           "theme": row.theme or "", "datasets": _datasets(context, row.datasets),
           "state": row.state, "mine": bool(user is not None and user.id == row.user_id),
           "decided_at": row.decided_at.isoformat() if row.decided_at else None,
           **row.post_fields()}
    if mine_or_operator:
        # the decision's note and who decided: for the submitter and operators
        out["reason"] = row.reason or ""
        out["decided_by"] = decided.name if decided else None
        out["hidden_reason"] = row.hidden_reason
    return out
