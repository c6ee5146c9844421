"""Reports (通報) of posts (migration 0001)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf.clock import db_now as utcnow


class Report(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_report"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    object_type: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    object_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    reason: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    resolved_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)
    outcome: Mapped[str | None] = mapped_column(sa.UnicodeText)


class Review(tk.BaseModel):  # type: ignore[misc,valid-type]
    """When an operator last went through the queue's new posts (migration 0002)."""
    __tablename__ = "tdpf_community_review"

    user_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    reviewed_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime, nullable=False)
