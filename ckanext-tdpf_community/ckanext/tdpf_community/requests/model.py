"""Data requests and their votes (migration 0001)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf.clock import db_now as utcnow

from ..posts import Hideable, new_id

#: 受付 → 検討中 → 公開済み / 対応不可
STATUSES = ("received", "considering", "published", "declined")
OPEN = ("received", "considering")
#: msgids of the statuses (translated where shown)
STATUS_LABELS = {"received": "Received", "considering": "Under consideration",
                 "published": "Published", "declined": "Cannot be met"}


class DataRequest(tk.BaseModel, Hideable):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_request"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    purpose: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    area: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    period: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    description: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    theme: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    organization_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    status: Mapped[str] = mapped_column(sa.UnicodeText, default="received")
    reason: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    datasets: Mapped[list] = mapped_column(JSONB, default=list)
    modified: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)


class Vote(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_vote"

    request_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
