"""The operators' queue of new posts: every request, comment, rating with
a reason and showcase posted since the operator last marked the queue
reviewed (the last week when they never did), and every showcase awaiting
approval whatever its age."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import clock

from .model import Review
from .objects import MODELS, find

#: how far back the queue goes for an operator who never reviewed it
FIRST_DAYS = 7


def reviewed_at(user_id: str) -> datetime.datetime | None:
    row = model.Session.get(Review, user_id)
    return row.reviewed_at if row else None


def mark_reviewed(user_id: str) -> datetime.datetime:
    now = clock.db_now()
    row = model.Session.get(Review, user_id) or Review(user_id=user_id, reviewed_at=now)
    row.reviewed_at = now
    model.Session.add(row)
    return now


def new_posts(context, user_id: str, limit: int) -> list[dict[str, Any]]:
    since = reviewed_at(user_id) or clock.db_now() - datetime.timedelta(days=FIRST_DAYS)
    found: list[tuple[datetime.datetime, str, Any]] = []
    for object_type, table in MODELS.items():
        where = [table.created > since]
        if object_type == "rating":
            where = [*where, sa.func.coalesce(table.reason, "") != ""]
        if object_type == "showcase":  # pending ones stay until decided
            where = [sa.or_(table.created > since, table.state == "pending")]
        rows = model.Session.execute(sa.select(table).where(*where).order_by(
            table.created.desc()).limit(limit)).scalars()
        found += [(row.created, object_type, row) for row in rows]
    found.sort(key=lambda item: item[0], reverse=True)
    out = []
    for created, object_type, row in found[:limit]:
        try:
            post = find(context, object_type, row.id)
        except tk.ObjectNotFound:
            continue  # its dataset was deleted
        user = model.User.get(row.user_id)
        out.append({"object_type": object_type, "object_id": row.id, "text": post.text,
                    "link": post.link, "created": created.isoformat() if created else None,
                    "user_name": user.name if user else None, "hidden": row.hidden(),
                    "hidden_reason": row.hidden_reason,
                    "state": getattr(row, "state", None)})
    return out
