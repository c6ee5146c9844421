"""The access log (migration 0001): one row per authorised download. The
usage reports (usage, fees) read it."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ..members.model import utcnow


class AccessLog(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_market_access_log"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    time: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    grant_id: Mapped[str] = mapped_column(sa.UnicodeText)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText)
    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText)
    resource_id: Mapped[str] = mapped_column(sa.UnicodeText)
    bytes: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    purpose: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    member_type: Mapped[str | None] = mapped_column(sa.UnicodeText)
    via: Mapped[str] = mapped_column(sa.UnicodeText, default="web")

    def as_dict(self) -> dict:
        return {"id": self.id, "time": self.time.isoformat(), "grant_id": self.grant_id,
                "user_id": self.user_id, "dataset_id": self.dataset_id,
                "resource_id": self.resource_id, "bytes": self.bytes,
                "purpose": self.purpose, "member_type": self.member_type, "via": self.via}
