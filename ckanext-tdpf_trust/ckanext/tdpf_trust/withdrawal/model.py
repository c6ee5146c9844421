"""Scheduled withdrawals (migration 0002): one row per notice. ``state``
moves scheduled -> cancelled or scheduled -> withdrawn (each move is in the
audit log too)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

SCHEDULED = "scheduled"
CANCELLED = "cancelled"
WITHDRAWN = "withdrawn"


class Withdrawal(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_withdrawal"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    package_id: Mapped[str] = mapped_column(sa.UnicodeText, index=True)
    state: Mapped[str] = mapped_column(sa.UnicodeText, default=SCHEDULED)
    end_date: Mapped[datetime.date] = mapped_column(sa.Date)
    reason: Mapped[str] = mapped_column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    created_by: Mapped[str] = mapped_column(sa.UnicodeText)
    reminded: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    closed: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)
