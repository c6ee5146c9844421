"""Harvest records (migration/tdpf_ckan): what each harvested dataset was
built from, so re-runs skip unchanged datasets, deletions at the source are
detected, and the same dataset from two sources is recognised."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, UnicodeText
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

ACTIVE = "active"
WITHDRAWN = "withdrawn"


class HarvestRecord(tk.BaseModel):
    __tablename__ = "tdpf_harvest_record"

    package_id: Mapped[str] = mapped_column(UnicodeText, primary_key=True)
    source_id: Mapped[str] = mapped_column(UnicodeText)
    guid: Mapped[str] = mapped_column(UnicodeText)  # remote id, lower case
    global_id: Mapped[str] = mapped_column(UnicodeText)
    content_hash: Mapped[str] = mapped_column(UnicodeText)
    state: Mapped[str] = mapped_column(UnicodeText)
    provider_rank: Mapped[int] = mapped_column(Integer)
    duplicate_of: Mapped[str | None] = mapped_column(UnicodeText, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class HarvestKey(tk.BaseModel):
    """A matching key of a record: ``t:<title>|<publisher>`` or ``u:<resource url>``."""

    __tablename__ = "tdpf_harvest_key"

    package_id: Mapped[str] = mapped_column(UnicodeText, primary_key=True)
    key: Mapped[str] = mapped_column(UnicodeText, primary_key=True)
