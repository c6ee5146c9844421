"""The audit table (migration 0001): append-only; a trigger refuses UPDATE
and DELETE, and each row carries the hash of the one before it."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class AuditRecord(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_audit"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    event: Mapped[str] = mapped_column(sa.UnicodeText)
    actor: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    object_type: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    object_id: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    detail: Mapped[dict] = mapped_column(JSONB, default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.UnicodeText)
    hash: Mapped[str] = mapped_column(sa.UnicodeText)

    def as_dict(self) -> dict:
        return {"id": self.id, "created": self.created.isoformat(),
                "event": self.event, "actor": self.actor,
                "object_type": self.object_type, "object_id": self.object_id,
                "detail": self.detail, "hash": self.hash}
