"""The pipeline's tables (migration 0005): the state of each resource and
the versions of its file, one row per (resource, sha256), holding every
analyser's result. No foreign key into core tables: rows of a purged
resource are removed by :func:`ckanext.tdpf.files.pipeline.forget_purged`."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

# states of a resource's file
QUEUED = "queued"
CHECKED = "checked"
TOO_LARGE = "too_large"
UNREACHABLE = "unreachable"
NOT_TABULAR = "not_tabular"
ERROR = "error"
STATES = (QUEUED, CHECKED, TOO_LARGE, UNREACHABLE, NOT_TABULAR, ERROR)


class FileVersion(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_file_version"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    resource_id: Mapped[str] = mapped_column(sa.UnicodeText)
    package_id: Mapped[str] = mapped_column(sa.UnicodeText)
    sha256: Mapped[str] = mapped_column(sa.UnicodeText)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    format: Mapped[str] = mapped_column(sa.UnicodeText)
    encoding: Mapped[str | None] = mapped_column(sa.UnicodeText)
    fetched_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime(timezone=True))
    seconds: Mapped[float] = mapped_column(sa.Float, default=0.0)
    results: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB, default=dict)
    errors: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB, default=dict)
    l1: Mapped[int | None] = mapped_column(sa.Integer)
    l2: Mapped[int | None] = mapped_column(sa.Integer)
    l3: Mapped[int | None] = mapped_column(sa.Integer)


class FileState(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_file_state"

    resource_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    package_id: Mapped[str] = mapped_column(sa.UnicodeText)
    # what was read: "upload:<size>:<last_modified>" or "url:<url>"
    source: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    state: Mapped[str] = mapped_column(sa.UnicodeText, default=QUEUED)
    message: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    etag: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    last_modified: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    version_id: Mapped[int | None] = mapped_column(
        sa.Integer, sa.ForeignKey("tdpf_file_version.id", ondelete="SET NULL"))
    # full downloads of the file so far (a 304 or a skipped check is none)
    fetches: Mapped[int] = mapped_column(sa.Integer, default=0)
    queued_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    checked_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime(timezone=True))
