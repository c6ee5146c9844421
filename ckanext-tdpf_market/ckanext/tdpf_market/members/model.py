"""The member profile table (migration 0001)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf.clock import db_now as utcnow


class MemberProfile(tk.BaseModel):  # type: ignore[misc,valid-type]
    """One row per user who signed up as a member (none: not a member)."""
    __tablename__ = "tdpf_market_member"

    user_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    member_type: Mapped[str | None] = mapped_column(sa.UnicodeText)
    tier: Mapped[str] = mapped_column(sa.UnicodeText, default="free")
    organization_name: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    modified: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
