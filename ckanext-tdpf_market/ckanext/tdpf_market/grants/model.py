"""Access requests, grants and notifications (migration 0001)."""
from __future__ import annotations

import datetime
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ..members.model import utcnow


def _uuid() -> str:
    return str(uuid.uuid4())


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


class AccessRequest(tk.BaseModel):  # type: ignore[misc,valid-type]
    """A member's request for a dataset. state: pending, approved, rejected,
    expired (not decided in time)."""
    __tablename__ = "tdpf_market_access_request"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText)
    resource_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText)
    purpose: Mapped[str] = mapped_column(sa.UnicodeText)
    message: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    member_type: Mapped[str | None] = mapped_column(sa.UnicodeText)
    accepted_conditions: Mapped[dict] = mapped_column(JSONB, default=dict)
    state: Mapped[str] = mapped_column(sa.UnicodeText, default="pending")
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    expires_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)
    decided_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)
    decided_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    reason: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    grant_id: Mapped[str | None] = mapped_column(sa.UnicodeText)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "dataset_id": self.dataset_id,
                "resource_id": self.resource_id, "user_id": self.user_id,
                "purpose": self.purpose, "message": self.message,
                "member_type": self.member_type,
                "accepted_conditions": self.accepted_conditions, "state": self.state,
                "created": _iso(self.created), "expires_at": _iso(self.expires_at),
                "decided_at": _iso(self.decided_at), "decided_by": self.decided_by,
                "reason": self.reason, "grant_id": self.grant_id}


class Grant(tk.BaseModel):  # type: ignore[misc,valid-type]
    """Access to a dataset (or one resource) for one member, under the
    conditions snapshotted when it started. state: active, expired, revoked,
    withdrawn, suspended."""
    __tablename__ = "tdpf_market_grant"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    request_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText)
    resource_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText)
    purpose: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    member_type: Mapped[str | None] = mapped_column(sa.UnicodeText)
    conditions: Mapped[dict] = mapped_column(JSONB, default=dict)
    state: Mapped[str] = mapped_column(sa.UnicodeText, default="active")
    valid_from: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    valid_until: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    ended_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)
    ended_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    ended_reason: Mapped[str] = mapped_column(sa.UnicodeText, default="")

    def is_valid(self, now: datetime.datetime | None = None) -> bool:
        now = now or utcnow()
        return (self.state == "active" and self.valid_from <= now
                and (self.valid_until is None or now < self.valid_until))

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "request_id": self.request_id,
                "dataset_id": self.dataset_id, "resource_id": self.resource_id,
                "user_id": self.user_id, "purpose": self.purpose,
                "member_type": self.member_type, "conditions": self.conditions,
                "state": self.state, "valid": self.is_valid(),
                "valid_from": _iso(self.valid_from), "valid_until": _iso(self.valid_until),
                "created": _iso(self.created), "ended_at": _iso(self.ended_at),
                "ended_by": self.ended_by, "ended_reason": self.ended_reason}


class Notification(tk.BaseModel):  # type: ignore[misc,valid-type]
    """A message shown on the recipient's market dashboard (and mailed)."""
    __tablename__ = "tdpf_market_notification"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    request_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    subject: Mapped[str] = mapped_column(sa.UnicodeText)  # msgid
    body: Mapped[str] = mapped_column(sa.UnicodeText, default="")  # msgid with {params}
    params: Mapped[dict] = mapped_column(JSONB, default=dict)

    def as_dict(self) -> dict[str, Any]:
        """Translated into the reader's language."""
        from .notify import render
        subject, body = render(self.subject, self.body, self.params)
        return {"id": self.id, "created": _iso(self.created),
                "request_id": self.request_id, "subject": subject, "body": body}
