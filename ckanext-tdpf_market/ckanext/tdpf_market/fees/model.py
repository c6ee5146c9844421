"""The fee ledger (migration 0002): append-only, one row per charge or
correction; a trigger refuses UPDATE and DELETE."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class FeeEntry(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_market_fee_ledger"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    # accounting month "YYYY-MM" in the ledger's time zone
    month: Mapped[str] = mapped_column(sa.Unicode(7))
    # "grant" (a paid grant started), "renewal" (a further month or year of
    # it), "download" (per-download price), "correction" (a later entry
    # adjusting an earlier one)
    kind: Mapped[str] = mapped_column(sa.UnicodeText)
    member_user_id: Mapped[str] = mapped_column(sa.UnicodeText)
    organization_id: Mapped[str] = mapped_column(sa.UnicodeText)
    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText)
    resource_id: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)
    grant_id: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)
    access_log_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    # fee unit of the grant: "one_off", "month", "year", "download"
    unit: Mapped[str | None] = mapped_column(sa.UnicodeText, nullable=True)
    # billing period of a grant (0: the first; n: the n-th renewal)
    period: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    amount_yen: Mapped[int] = mapped_column(sa.BigInteger)
    description: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    corrects_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    created_by: Mapped[str] = mapped_column(sa.UnicodeText, default="")

    def as_dict(self) -> dict:
        return {"id": self.id, "created": self.created.isoformat(), "month": self.month,
                "kind": self.kind, "member_user_id": self.member_user_id,
                "organization_id": self.organization_id, "dataset_id": self.dataset_id,
                "resource_id": self.resource_id, "grant_id": self.grant_id,
                "access_log_id": self.access_log_id, "unit": self.unit,
                "period": self.period,
                "amount_yen": self.amount_yen, "description": self.description,
                "corrects_id": self.corrects_id, "created_by": self.created_by}
