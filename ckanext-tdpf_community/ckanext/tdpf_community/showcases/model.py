"""Use-case showcases (活用事例), public once an operator approves them
(migration 0001; reason and modified: 0002)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf.clock import db_now as utcnow

from ..posts import Hideable, new_id

STATES = ("pending", "approved", "rejected")
#: msgids of the states (translated where shown)
STATE_LABELS = {"pending": "Awaiting approval", "approved": "Approved", "rejected": "Not approved"}


class Showcase(tk.BaseModel, Hideable):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_showcase"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    description: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    image_url: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    url: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    author: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    theme: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    datasets: Mapped[list] = mapped_column(JSONB, default=list)
    state: Mapped[str] = mapped_column(sa.UnicodeText, default="pending")
    decided_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    decided_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)
    reason: Mapped[str | None] = mapped_column(sa.UnicodeText)
    modified: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, default=utcnow)
