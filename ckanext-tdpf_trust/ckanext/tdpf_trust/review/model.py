"""Review state of organisations (migration 0004). One row per organisation
created while the plugin was active; an organisation without a row predates
the review and counts as approved."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATES = (PENDING, APPROVED, REJECTED)


class OrganizationReview(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_org_review"

    organization_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    state: Mapped[str] = mapped_column(sa.UnicodeText, default=PENDING)
    requested_by: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    decided_by: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)
    decided_at: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    reason: Mapped[str] = mapped_column(sa.UnicodeText, default="")

    def as_dict(self) -> dict:
        return {"organization_id": self.organization_id, "state": self.state,
                "requested_by": self.requested_by,
                "created": self.created.isoformat() if self.created else None,
                "decided_by": self.decided_by,
                "decided_at": self.decided_at.isoformat() if self.decided_at else None,
                "reason": self.reason}
