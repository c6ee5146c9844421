"""The figures the pages show: a provider's datasets (per day, per dataset,
per resource), the operators' totals per organisation and the home page's
most viewed public datasets. Days are Japanese calendar days (JST), as
counted. Callers decide who may see which organisations (``views``)."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

from ckan import model

from .. import clock
from .model import DOWNLOAD, VIEW, UsageDaily

MAX_DAYS = 366


def first_day(days: int) -> datetime.date:
    return clock.today(clock.JST) - datetime.timedelta(days=days - 1)


def _since(days: int):
    return UsageDaily.day >= first_day(days)


def _sum(kind: str):
    return sa.func.coalesce(sa.func.sum(sa.case((UsageDaily.kind == kind, UsageDaily.count),
                                                else_=0)), 0)


def _of_orgs(query, org_ids: list[str]):
    return query.join(model.Package, model.Package.id == UsageDaily.dataset_id).where(
        model.Package.owner_org.in_(org_ids), model.Package.state == "active")


def per_day(org_ids: list[str], days: int) -> list[dict[str, Any]]:
    """``[{"key": date, "label", "views", "downloads"}]``, zero days kept."""
    query = _of_orgs(sa.select(UsageDaily.day, _sum(VIEW), _sum(DOWNLOAD))
                     .where(_since(days)), org_ids).group_by(UsageDaily.day)
    found = {d: (int(v), int(n)) for d, v, n in model.Session.execute(query)}
    first = first_day(days)
    out = []
    for i in range(days):
        d = first + datetime.timedelta(days=i)
        views, downloads = found.get(d, (0, 0))
        out.append({"key": d.isoformat(), "label": d.strftime("%m/%d"),
                    "views": views, "downloads": downloads})
    return out


def per_dataset(org_ids: list[str], days: int) -> list[dict[str, Any]]:
    """Each dataset of the organisations with a view or download in the
    period, most viewed first (private ones included: providers see them)."""
    query = _of_orgs(sa.select(model.Package.id, model.Package.name, model.Package.title,
                               model.Package.private, _sum(VIEW), _sum(DOWNLOAD))
                     .where(_since(days)), org_ids).group_by(model.Package.id)
    rows = [{"id": i, "name": n, "title": t or n, "private": bool(p), "views": int(v),
             "downloads": int(d)} for i, n, t, p, v, d in model.Session.execute(query)]
    return sorted(rows, key=lambda r: (-r["views"], -r["downloads"], r["name"]))


def per_resource(org_ids: list[str], days: int) -> list[dict[str, Any]]:
    """Views of resource pages and downloads per resource."""
    query = _of_orgs(sa.select(UsageDaily.dataset_id, UsageDaily.resource_id, model.Package.name,
                               _sum(VIEW), _sum(DOWNLOAD))
                     .where(_since(days), UsageDaily.resource_id != ""), org_ids) \
        .group_by(UsageDaily.dataset_id, UsageDaily.resource_id, model.Package.name)
    found = list(model.Session.execute(query))
    names: dict[str, str] = {row[0]: row[1] for row in model.Session.query(
        model.Resource.id, model.Resource.name).filter(
        model.Resource.id.in_([r[1] for r in found]))} if found else {}
    rows = [{"dataset_id": ds, "dataset_name": pkg, "id": rid,
             "name": names.get(rid) or rid, "views": int(v), "downloads": int(d)}
            for ds, rid, pkg, v, d in found]
    return sorted(rows, key=lambda r: (-r["downloads"], -r["views"], r["id"]))


def per_organization(days: int) -> list[dict[str, Any]]:
    """Operators' totals: every organisation with its views and downloads."""
    query = sa.select(model.Group.id, model.Group.name, model.Group.title,
                      _sum(VIEW), _sum(DOWNLOAD)) \
        .select_from(model.Group) \
        .outerjoin(model.Package, sa.and_(model.Package.owner_org == model.Group.id,
                                          model.Package.state == "active")) \
        .outerjoin(UsageDaily, sa.and_(UsageDaily.dataset_id == model.Package.id, _since(days))) \
        .where(model.Group.is_organization.is_(True), model.Group.state == "active") \
        .group_by(model.Group.id)
    rows = [{"id": i, "name": n, "title": t or n, "views": int(v), "downloads": int(d)}
            for i, n, t, v, d in model.Session.execute(query)]
    return sorted(rows, key=lambda r: (-r["views"], -r["downloads"], r["name"]))


def most_viewed(limit: int = 5, days: int = 30) -> list[dict[str, Any]]:
    """Public datasets only (never a private one, whoever asks)."""
    query = sa.select(model.Package.name, model.Package.title, model.Package.type,
                      sa.func.sum(UsageDaily.count).label("n")) \
        .join(model.Package, model.Package.id == UsageDaily.dataset_id) \
        .where(UsageDaily.kind == VIEW, UsageDaily.resource_id == "", _since(days),
               model.Package.private.is_(False), model.Package.state == "active") \
        .group_by(model.Package.id).order_by(sa.desc("n"), model.Package.name).limit(limit)
    return [{"name": n, "title": t or n, "type": ty or "dataset", "views": int(c)}
            for n, t, ty, c in model.Session.execute(query)]
