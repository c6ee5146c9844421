"""Suspensions of users and organisations (migration 0004). A suspension is
active until lifted; lifting keeps the row (who, when, why) for the record."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

OBJECT_TYPES = ("user", "organization")


class Suspension(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_suspension"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    object_type: Mapped[str] = mapped_column(sa.UnicodeText)
    object_id: Mapped[str] = mapped_column(sa.UnicodeText)
    reason: Mapped[str] = mapped_column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    created_by: Mapped[str] = mapped_column(sa.UnicodeText)
    lifted_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    lifted_by: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)
    lift_reason: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)

    @property
    def active(self) -> bool:
        return self.lifted_at is None

    def as_dict(self) -> dict:
        def iso(value):
            return value.isoformat() if value else None
        return {"id": self.id, "object_type": self.object_type,
                "object_id": self.object_id, "reason": self.reason,
                "created": iso(self.created), "created_by": self.created_by,
                "active": self.active, "lifted_at": iso(self.lifted_at),
                "lifted_by": self.lifted_by, "lift_reason": self.lift_reason}
