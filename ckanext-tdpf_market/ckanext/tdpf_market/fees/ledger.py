"""The fee ledger: charges, corrections, entries and monthly statements."""
from __future__ import annotations

import calendar
import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.plugins.toolkit as tk

# not `from ckan import model`: this package's .model submodule would shadow it
from ckan.model import Package, Session

from ckanext.tdpf import clock
from ckanext.tdpf.clock import db_now as utcnow

from .model import FeeEntry

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
UNITS = ("one_off", "month", "year", "download")


def timezone() -> ZoneInfo:
    return ZoneInfo(tk.config.get("ckanext.tdpf_market.fees.timezone"))


def local(time: datetime.datetime) -> datetime.datetime:
    """A stored (naive UTC) time in the ledger's time zone."""
    return clock.local(time, timezone())


def month_of(time: datetime.datetime) -> str:
    return local(time).strftime("%Y-%m")


def _price(grant: Any) -> tuple[int | None, str | None]:
    conditions = getattr(grant, "conditions", None) or {}
    amount, unit = conditions.get("fee_amount"), conditions.get("fee_unit")
    try:
        amount = int(amount) if amount is not None else None
    except (TypeError, ValueError):
        amount = None
    return amount, (unit if unit in UNITS else None)


# unique partial indexes (migration 0002): (columns, predicate)
ONCE_PER_GRANT = (["grant_id"], "kind = 'grant'")
ONCE_PER_PERIOD = (["grant_id", "period"], "kind IN ('grant', 'renewal')")
ONCE_PER_DOWNLOAD = (["access_log_id"], "kind = 'download'")


def _insert(values: dict[str, Any],
            once: tuple[list[str], str] | None = None) -> FeeEntry | None:
    """Add one entry (in the caller's transaction); None when the unique
    index ``once`` already holds an entry for it."""
    pkg = Package.get(values["dataset_id"])
    now = utcnow()
    row = {"created": now, "month": month_of(now),
           "organization_id": (pkg.owner_org if pkg else None) or "",
           "description": "", "created_by": "", **values}
    statement = insert(FeeEntry).values(**row)
    if once:
        statement = statement.on_conflict_do_nothing(
            index_elements=once[0], index_where=sa.text(once[1]))
    new_id = Session.execute(statement.returning(FeeEntry.id)).scalar()
    if new_id is None:
        return None
    entry = Session.get(FeeEntry, new_id)
    from . import gateway
    gateway.notify_entry(entry)
    return entry


def on_grant_started(grant: Any) -> FeeEntry | None:
    """Charge a paid grant's price when it starts (M1 calls this when a grant
    is created). Nothing for free grants or per-download pricing (charged
    per download); nothing the second time for the same grant."""
    amount, unit = _price(grant)
    if not amount or unit == "download":
        return None
    return _insert({"kind": "grant", "member_user_id": grant.user_id,
                    "dataset_id": grant.dataset_id, "resource_id": grant.resource_id,
                    "grant_id": grant.id, "unit": unit or "one_off", "period": 0,
                    "amount_yen": amount}, ONCE_PER_GRANT)


def on_download(grant: Any, log_entry: Any) -> FeeEntry | None:
    """Charge one download under per-download pricing (M1 calls this with the
    access-log row it wrote); nothing for other pricing or a second call
    with the same log row."""
    amount, unit = _price(grant)
    if not amount or unit != "download":
        return None
    return _insert({"kind": "download", "member_user_id": grant.user_id,
                    "dataset_id": grant.dataset_id,
                    "resource_id": getattr(log_entry, "resource_id", None) or grant.resource_id,
                    "grant_id": grant.id, "access_log_id": log_entry.id,
                    "unit": "download", "amount_yen": amount}, ONCE_PER_DOWNLOAD)


def _add_months(start: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` later (the month's last day when shorter)."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return start.replace(year=year, month=month,
                         day=min(start.day, calendar.monthrange(year, month)[1]))


def periods_started(grant: Any, now: datetime.datetime | None = None) -> int:
    """How many billing periods of a monthly or yearly grant have begun by
    ``now`` (1 right at its start); 0 for other pricing."""
    amount, unit = _price(grant)
    if not amount or unit not in ("month", "year"):
        return 0
    now = now or utcnow()
    step = 1 if unit == "month" else 12
    n = 0
    while _add_months(grant.valid_from, n * step) <= now:
        n += 1
    return n


def charge_due_periods(now: datetime.datetime | None = None) -> int:
    """Charge every month or year a valid monthly/yearly grant has entered
    since its start (the first period is charged by on_grant_started): one
    "renewal" entry per period, never twice. Run hourly by the scheduler;
    returns the number of new entries. Commits."""
    from ..grants.model import Grant

    now = now or utcnow()
    grants = Session.execute(sa.select(Grant).where(
        Grant.state == "active", Grant.valid_from <= now,
        sa.or_(Grant.valid_until.is_(None), Grant.valid_until > now),
        Grant.conditions["fee_unit"].astext.in_(["month", "year"]))).scalars().all()
    added = 0
    for grant in grants:
        amount, unit = _price(grant)
        for period in range(1, periods_started(grant, now)):
            start = _add_months(grant.valid_from, period * (1 if unit == "month" else 12))
            entry = _insert({"kind": "renewal", "member_user_id": grant.user_id,
                             "dataset_id": grant.dataset_id, "resource_id": grant.resource_id,
                             "grant_id": grant.id, "unit": unit, "period": period,
                             "amount_yen": amount,
                             "description": local(start).strftime("%Y-%m-%d")},
                            ONCE_PER_PERIOD)
            added += entry is not None
    Session.commit()
    return added


def _enqueue_renewals() -> None:
    tk.enqueue_job(charge_due_periods, title="tdpf_market: charge monthly and yearly grants")


def scheduled_tasks() -> list:
    from ckanext.tdpf.scheduler import Task
    return [Task("market-fee-renewals", 3600, _enqueue_renewals)]


def correct(entry_id: int, amount_yen: int, reason: str, actor: str) -> FeeEntry:
    """A correction of entry ``entry_id``: ``amount_yen`` is added to what
    the member owes (negative: a refund or a reduction)."""
    original = Session.get(FeeEntry, entry_id)
    if original is None:
        raise tk.ObjectNotFound(tk._("Fee entry not found"))
    entry = _insert({"kind": "correction", "member_user_id": original.member_user_id,
                     "dataset_id": original.dataset_id,
                     "resource_id": original.resource_id, "grant_id": original.grant_id,
                     "unit": original.unit, "amount_yen": amount_yen,
                     "description": reason, "corrects_id": original.id,
                     "created_by": actor})
    assert entry is not None  # noqa: S101 - narrowing: without `once` it always inserts
    return entry


def entries(*, member_user_id: str | None = None, organization_id: str | None = None,
            dataset_id: str | None = None, month: str | None = None,
            limit: int | None = None) -> list[FeeEntry]:
    query = sa.select(FeeEntry).order_by(FeeEntry.id)
    if member_user_id:
        query = query.where(FeeEntry.member_user_id == member_user_id)
    if organization_id:
        query = query.where(FeeEntry.organization_id == organization_id)
    if dataset_id:
        query = query.where(FeeEntry.dataset_id == dataset_id)
    if month:
        query = query.where(FeeEntry.month == month)
    if limit:
        query = query.limit(limit)
    return list(Session.execute(query).scalars())


def months(*, member_user_id: str | None = None,
           organization_id: str | None = None) -> list[dict[str, Any]]:
    """``[{"month", "entries", "total_yen"}]``, newest month first."""
    query = sa.select(FeeEntry.month, sa.func.count(), sa.func.sum(FeeEntry.amount_yen)) \
        .group_by(FeeEntry.month).order_by(FeeEntry.month.desc())
    if member_user_id:
        query = query.where(FeeEntry.member_user_id == member_user_id)
    if organization_id:
        query = query.where(FeeEntry.organization_id == organization_id)
    return [{"month": m, "entries": n, "total_yen": int(total or 0)}
            for m, n, total in Session.execute(query)]


def statement(month: str, *, member_user_id: str | None = None,
              organization_id: str | None = None) -> dict[str, Any]:
    """The entries of one accounting month for a member or a provider
    organisation, with the total."""
    rows = entries(member_user_id=member_user_id, organization_id=organization_id,
                   month=month)
    return {"month": month, "member_user_id": member_user_id,
            "organization_id": organization_id,
            "entries": [row.as_dict() for row in rows],
            "total_yen": sum(row.amount_yen for row in rows)}


def statements_of_month(month: str) -> list[dict[str, Any]]:
    """Every member's and every provider's statement of a month (what a
    payment gateway would invoice and pay out)."""
    members = Session.execute(sa.select(FeeEntry.member_user_id).distinct()
                              .where(FeeEntry.month == month)).scalars()
    orgs = Session.execute(sa.select(FeeEntry.organization_id).distinct()
                           .where(FeeEntry.month == month)).scalars()
    return ([statement(month, member_user_id=m) for m in sorted(members)]
            + [statement(month, organization_id=o) for o in sorted(orgs)])
