"""A data request as the API and the pages show it."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ckan import model

from .. import access
from .model import DataRequest, Vote


def votes_of(request_ids: list[str]) -> dict[str, int]:
    if not request_ids:
        return {}
    rows = model.Session.execute(sa.select(Vote.request_id, sa.func.count()).where(
        Vote.request_id.in_(request_ids)).group_by(Vote.request_id))
    return dict(rows.tuples().all())


def voters(request_id: str) -> list[str]:
    return list(model.Session.execute(sa.select(Vote.user_id).where(
        Vote.request_id == request_id)).scalars())


def as_dict(row: DataRequest, context, votes: int | None = None) -> dict[str, Any]:
    org = access.organization(row.organization_id)
    user = access.user_of(context)
    out = {"id": row.id, "title": row.title, "purpose": row.purpose, "area": row.area,
           "period": row.period, "description": row.description, "theme": row.theme,
           "organization_id": row.organization_id,
           "organization_name": org.name if org else None,
           "organization_title": org.display_name if org else None,
           "status": row.status, "reason": row.reason,
           # only the datasets the caller may see: a private one stays unnamed
           "datasets": [{"id": pkg.id, "name": pkg.name, "title": pkg.title}
                        for pkg in (access.dataset(context, i) for i in row.datasets or [])
                        if pkg is not None],
           "modified": row.modified.isoformat() if row.modified else None,
           "votes": votes if votes is not None else votes_of([row.id]).get(row.id, 0),
           "voted": bool(user and model.Session.get(Vote, (row.id, user.id))),
           **row.post_fields()}
    if row.hidden():
        out["hidden_reason"] = row.hidden_reason
    return out
