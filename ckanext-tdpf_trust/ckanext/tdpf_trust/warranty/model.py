"""Warranty records (migration 0002). Append-only: no action edits or
deletes a row and the database refuses UPDATE; every row is also in the
hash-chained audit log (``warranty.create``, with its fingerprint)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class Warranty(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_warranty"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    package_id: Mapped[str] = mapped_column(sa.UnicodeText, index=True)
    organization_id: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    user_id: Mapped[str] = mapped_column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    terms_version: Mapped[str] = mapped_column(sa.UnicodeText)
    # what the provider declared about personal data (CADDE value, e.g. 非個人情報)
    personal_data: Mapped[str] = mapped_column(sa.UnicodeText)
    attestations: Mapped[dict] = mapped_column(JSONB, default=dict)
    fingerprint: Mapped[str] = mapped_column(sa.UnicodeText)
