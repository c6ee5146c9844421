"""Daily counts of views and downloads (migration 0006), and the flush
batches already applied. No foreign key into core tables: a purged
dataset's rows stay until the retention purge (they name only ids)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

VIEW = "view"
DOWNLOAD = "download"
KINDS = (VIEW, DOWNLOAD)


class UsageDaily(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_usage_daily"

    day: Mapped[datetime.date] = mapped_column(sa.Date, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    # "" for the dataset's page; a resource's page view or download names it
    resource_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default="")
    count: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class UsageFlush(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_usage_flush"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    time: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
