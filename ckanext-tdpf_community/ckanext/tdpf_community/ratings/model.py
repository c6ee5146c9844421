"""Usefulness ratings of datasets, one per user and dataset (migration 0001)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf.clock import db_now as utcnow

from ..posts import Hideable, new_id


class Rating(tk.BaseModel, Hideable):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_rating"
    __table_args__ = (sa.UniqueConstraint("package_id", "user_id"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=new_id)
    package_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    score: Mapped[int] = mapped_column(sa.SmallInteger, nullable=False)
    reason: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    modified: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
