"""The usage reports: a dataset's for its provider, a member's history, the
operators' totals."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

from ckan.model import Package, Session, User

from ckanext.tdpf.facets import current_lang
from ckanext.tdpf.participants import TIERS, TYPES
from ckanext.tdpf.vocab import choices

from ..access.model import AccessLog
from ..fees.ledger import local, timezone, utcnow
from ..fees.model import FeeEntry
from ..grants.model import AccessRequest, Grant

REQUEST_STATES = ("pending", "approved", "rejected", "expired")
MAX_DAYS = 366


def _local_day(column):
    """The (naive UTC) timestamp column as a date in the ledger time zone."""
    return sa.cast(sa.func.timezone(str(timezone()), sa.func.timezone("UTC", column)), sa.Date)


def _rows(counts: dict[str, int], field: str | None, order: tuple = ()) -> list[dict[str, Any]]:
    """``[{"key", "label", "count"}]``: ``order``'s keys first (zeros kept),
    then the rest by count."""
    lang = current_lang()
    keys = list(order) + sorted((k for k in counts if k not in order),
                                key=lambda k: (-counts[k], k))
    return [{"key": k, "label": choices.label(field, k, lang) if field and k else (k or "-"),
             "count": counts.get(k, 0)} for k in keys]


def _count_by(column, *where) -> dict[str, int]:
    query = sa.select(column, sa.func.count()).group_by(column)
    for clause in where:
        query = query.where(clause)
    return {key or "": n for key, n in Session.execute(query)}


def _per_day(days: int, *where) -> list[dict[str, Any]]:
    """Downloads and bytes per local day for the last ``days`` days (today
    included), zero days kept."""
    today = local(utcnow()).date()
    first = today - datetime.timedelta(days=days - 1)
    day = _local_day(AccessLog.time)
    query = sa.select(day, sa.func.count(), sa.func.coalesce(sa.func.sum(AccessLog.bytes), 0)) \
        .where(day >= first).group_by(day)
    for clause in where:
        query = query.where(clause)
    found = {d: (n, int(b)) for d, n, b in Session.execute(query)}
    out = []
    for i in range(days):
        d = first + datetime.timedelta(days=i)
        n, b = found.get(d, (0, 0))
        out.append({"key": d.isoformat(), "label": d.strftime("%m/%d"), "count": n, "bytes": b})
    return out


def _active_grants(*where) -> int:
    now = utcnow()
    query = sa.select(sa.func.count()).select_from(Grant).where(
        Grant.state == "active", Grant.valid_from <= now,
        sa.or_(Grant.valid_until.is_(None), Grant.valid_until > now))
    for clause in where:
        query = query.where(clause)
    return Session.execute(query).scalar() or 0


def _fee_total(*where) -> int:
    query = sa.select(sa.func.coalesce(sa.func.sum(FeeEntry.amount_yen), 0))
    for clause in where:
        query = query.where(clause)
    return int(Session.execute(query).scalar() or 0)


def dataset_report(dataset_id: str, days: int = 30) -> dict[str, Any]:
    """What a provider sees for one dataset."""
    on_dataset = AccessLog.dataset_id == dataset_id
    downloads = _per_day(days, on_dataset)
    total, size = Session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(AccessLog.bytes), 0))
        .where(on_dataset)).one()
    return {
        "dataset_id": dataset_id, "days": days,
        "requests_by_state": _rows(_count_by(AccessRequest.state,
                                             AccessRequest.dataset_id == dataset_id),
                                   None, REQUEST_STATES),
        "active_grants": _active_grants(Grant.dataset_id == dataset_id),
        "grants_by_state": _rows(_count_by(Grant.state, Grant.dataset_id == dataset_id), None),
        "downloads_per_day": downloads,
        "downloads_by_member_type": _rows(_count_by(AccessLog.member_type, on_dataset),
                                          "member_type"),
        "downloads_by_purpose": _rows(_count_by(AccessLog.purpose, on_dataset),
                                      "trading_policy_use_application"),
        "downloads_total": total, "bytes_total": int(size),
        "fees_total_yen": _fee_total(FeeEntry.dataset_id == dataset_id),
    }


def _names(ids: set[str]) -> dict[str, dict[str, str]]:
    found = Session.query(Package.id, Package.name, Package.title).filter(
        Package.id.in_(ids)) if ids else []
    return {i: {"name": n, "title": t or n} for i, n, t in found}


def history(user_id: str, limit: int = 500) -> dict[str, Any]:
    """A member's requests, grants, downloads and fees, newest first."""
    requests = Session.execute(sa.select(AccessRequest).where(AccessRequest.user_id == user_id)
                               .order_by(AccessRequest.created.desc()).limit(limit)).scalars()
    grants = Session.execute(sa.select(Grant).where(Grant.user_id == user_id)
                             .order_by(Grant.created.desc()).limit(limit)).scalars()
    downloads = Session.execute(sa.select(AccessLog).where(AccessLog.user_id == user_id)
                                .order_by(AccessLog.id.desc()).limit(limit)).scalars()
    fee_rows = Session.execute(sa.select(FeeEntry).where(FeeEntry.member_user_id == user_id)
                               .order_by(FeeEntry.id.desc()).limit(limit)).scalars()
    out = {"requests": [r.as_dict() for r in requests],
           "grants": [g.as_dict() for g in grants],
           "downloads": [d.as_dict() for d in downloads],
           "fees": [f.as_dict() for f in fee_rows]}
    names = _names({row["dataset_id"] for rows in out.values() for row in rows})
    for rows in out.values():
        for row in rows:
            row["dataset"] = names.get(row["dataset_id"], {"name": row["dataset_id"],
                                                           "title": row["dataset_id"]})
    out["fees_total_yen"] = _fee_total(FeeEntry.member_user_id == user_id)
    return out


def totals(days: int = 30) -> dict[str, Any]:
    """The whole platform, for operators."""
    from ..members.model import MemberProfile

    members = _count_by(MemberProfile.member_type, MemberProfile.member_type.isnot(None))
    tiers = _count_by(MemberProfile.tier, MemberProfile.member_type.isnot(None))
    top = Session.execute(sa.select(AccessLog.dataset_id, sa.func.count().label("n"))
                          .group_by(AccessLog.dataset_id)
                          .order_by(sa.desc("n"), AccessLog.dataset_id).limit(10)).all()
    names = _names({d for d, _n in top})
    fee_months = Session.execute(
        sa.select(FeeEntry.month, sa.func.sum(FeeEntry.amount_yen), sa.func.count())
        .group_by(FeeEntry.month).order_by(FeeEntry.month.desc()).limit(12)).all()
    return {
        "days": days,
        "members_by_type": _rows(members, "member_type", TYPES),
        "members_by_tier": _rows(tiers, "member_tier", TIERS),
        "requests_by_state": _rows(_count_by(AccessRequest.state), None, REQUEST_STATES),
        "active_grants": _active_grants(),
        "downloads_per_day": _per_day(days),
        "downloads_by_member_type": _rows(_count_by(AccessLog.member_type), "member_type"),
        "downloads_total": Session.execute(sa.select(sa.func.count())
                                           .select_from(AccessLog)).scalar() or 0,
        "top_datasets": [{"key": d, "label": names.get(d, {}).get("title", d),
                          "name": names.get(d, {}).get("name", d), "count": n}
                         for d, n in top],
        "fees_by_month": [{"month": m, "total_yen": int(t or 0), "entries": n}
                          for m, t, n in fee_months],
        "fees_total_yen": _fee_total(),
    }


def user_id_of(ref: str) -> str | None:
    user = User.get(ref) if ref else None
    return user.id if user else None
