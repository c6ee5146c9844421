"""The search log's tables (migration 0006)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

WEB = "web"
API = "api"


class SearchLog(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_search_log"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    time: Mapped[datetime.datetime] = mapped_column(sa.DateTime)  # naive UTC
    query: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    filters: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    result_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    lang: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    source: Mapped[str] = mapped_column(sa.UnicodeText, default=WEB)
    clicked: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class SearchClick(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_search_click"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    time: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    search_id: Mapped[int | None] = mapped_column(
        sa.BigInteger, sa.ForeignKey("tdpf_search_log.id", ondelete="SET NULL"))
    query: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    filters: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText)
