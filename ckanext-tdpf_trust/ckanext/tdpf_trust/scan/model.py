"""Scan runs and their findings (migration 0003_pii_scan).

A resource has any number of scans; only its latest one counts. Findings
never hold a raw value: masked samples, row numbers and counts only. A
finding is resolved (false positive, with a reason) in place; a rescan
makes new findings, so a resolution holds for the data it was made on."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf.clock import db_now as utcnow

QUEUED, RUNNING, DONE, ERROR, SKIPPED = "queued", "running", "done", "error", "skipped"


class Scan(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_scan"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    resource_id: Mapped[str] = mapped_column(sa.UnicodeText)
    package_id: Mapped[str] = mapped_column(sa.UnicodeText)
    # what was scanned: "upload:<size>:<last_modified>" or "url:<url>"; a
    # resource update rescans only when this changes
    source: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    status: Mapped[str] = mapped_column(sa.UnicodeText, default=QUEUED)
    requested_by: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, default=utcnow)
    finished: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    format: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    encoding: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    rows: Mapped[int] = mapped_column(sa.Integer, default=0)
    message: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    digest: Mapped[str] = mapped_column(sa.UnicodeText, default="")

    def as_dict(self) -> dict:
        return {"id": self.id, "resource_id": self.resource_id,
                "package_id": self.package_id, "status": self.status,
                "requested_by": self.requested_by,
                "created": self.created.isoformat() if self.created else None,
                "finished": self.finished.isoformat() if self.finished else None,
                "format": self.format, "encoding": self.encoding, "rows": self.rows,
                "message": self.message}


class ScanFinding(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_scan_finding"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    scan_id: Mapped[int] = mapped_column(sa.Integer)
    resource_id: Mapped[str] = mapped_column(sa.UnicodeText)
    package_id: Mapped[str] = mapped_column(sa.UnicodeText)
    rule: Mapped[str] = mapped_column(sa.UnicodeText)
    severity: Mapped[str] = mapped_column(sa.UnicodeText)
    reason: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    sheet: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    column: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    count: Mapped[int] = mapped_column(sa.Integer, default=0)
    rows: Mapped[list] = mapped_column(JSONB, default=list)
    samples: Mapped[list] = mapped_column(JSONB, default=list)
    resolved_by: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)
    resolved_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    resolution_reason: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def as_dict(self) -> dict:
        return {"id": self.id, "scan_id": self.scan_id, "resource_id": self.resource_id,
                "package_id": self.package_id, "rule": self.rule,
                "severity": self.severity, "reason": self.reason, "sheet": self.sheet,
                "column": self.column, "count": self.count, "rows": list(self.rows or []),
                "samples": list(self.samples or []),
                "state": "open" if self.is_open else "false_positive",
                "resolved_by": self.resolved_by,
                "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
                "resolution_reason": self.resolution_reason}
