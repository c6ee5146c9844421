"""What every kind of user post shares: who wrote it, whether operators
hid it (with the reason), and the refusal of posts from suspended users.

A post is a data request, a comment, a rating (its reason) or a showcase.
Hidden posts stay in their table (the report and the audit record point at
them) but no list or page shows them to anyone but operators."""
from __future__ import annotations

import datetime
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ckan import model

from ckanext.tdpf import participants
from ckanext.tdpf.clock import db_now as utcnow


def new_id() -> str:
    return str(uuid.uuid4())


class Hideable:
    """Columns of a post operators can hide (migration 0001)."""

    user_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    hidden_reason: Mapped[str | None] = mapped_column(sa.UnicodeText)
    hidden_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    hidden_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)

    def hidden(self) -> bool:
        return self.hidden_reason is not None

    def post_fields(self) -> dict[str, Any]:
        user = model.User.get(self.user_id)
        return {"user_id": self.user_id,
                "user_name": user.name if user else None,
                "user_display_name": user.display_name if user else None,
                "created": self.created.isoformat() if self.created else None,
                "hidden": self.hidden()}


def shown(row: Hideable, is_operator: bool) -> bool:
    """Whether a post may be shown: operators see everything; others see
    posts neither hidden nor written by a suspended user."""
    if is_operator:
        return True
    if row.hidden():
        return False
    user = model.User.get(row.user_id)
    return user is not None and participants.refusal(user.name) is None


def visible(rows, is_operator: bool) -> list:
    return [row for row in rows if shown(row, is_operator)]


def refused(user_ids) -> list[str]:
    """Those of ``user_ids`` whose posts are not shown (suspended): for
    queries that count posts, where the row-by-row ``shown`` cannot go."""
    out = []
    for user_id in set(user_ids):
        user = model.User.get(user_id)
        if user is None or participants.refusal(user.name) is not None:
            out.append(user_id)
    return out
