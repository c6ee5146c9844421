"""Notifications shown on the user's dashboard, and each user's choice of
mail (migration 0001; the kind of a notice and the kinds not mailed: 0002)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf.clock import db_now as utcnow

#: the kinds of notice a user may choose to get by mail, with their msgids
KINDS = {"requests": "Data requests (new, answered, matching datasets)",
         "comments": "Comments and error reports on your datasets, replies to you",
         "showcases": "Showcases (submitted, approved, sent back)",
         "moderation": "Reports and hidden posts"}


class Notice(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_notice"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, index=True)
    subject: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    body: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    params: Mapped[dict] = mapped_column(JSONB, default=dict)
    link: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    read: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    kind: Mapped[str | None] = mapped_column(sa.UnicodeText)


class Setting(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_setting"

    user_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    mail: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: the kinds (KINDS) not mailed although ``mail`` is on
    mail_off: Mapped[list | None] = mapped_column(JSONB, default=list)
