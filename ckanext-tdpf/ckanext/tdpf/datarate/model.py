"""Link-check results: one row per (dataset, URL) the checker looked at
(table created by migration 0002). No foreign key into core tables: rows of
a purged dataset are removed by the next check of it, or ignored."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class LinkCheck(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_link_check"

    package_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    url: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    # HTTP status of the last answer; None when there was none (see error)
    status: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    checked_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime(timezone=True))
