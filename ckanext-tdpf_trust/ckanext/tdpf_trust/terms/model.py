"""Users' acceptances of policy page versions (migration 0005): one row per
acceptance, never updated, so the history shows what was accepted when."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class Acceptance(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_terms_acceptance"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText)
    name: Mapped[str] = mapped_column(sa.UnicodeText)
    version: Mapped[int] = mapped_column(sa.Integer)
    accepted: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
