"""TOTP enrolments and recovery codes (migration 0004). A row without
``confirmed`` is an enrolment in progress (the QR code was shown, no code
entered yet); recovery codes are stored as SHA-256 hashes only."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class MfaEnrolment(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_mfa"

    user_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    secret: Mapped[str] = mapped_column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    confirmed: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    # TOTP time step of the last accepted code: the same code cannot be
    # replayed within its 30 seconds
    last_step: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class MfaRecoveryCode(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_mfa_recovery"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText, index=True)
    code_hash: Mapped[str] = mapped_column(sa.UnicodeText)
    used: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
