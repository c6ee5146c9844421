"""The operators' weekly figures (weeks begin on Monday, Japanese time)
and the providers' panel of searches that led to their datasets."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from .. import clock
from .model import SearchClick, SearchLog

TOP = 20


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _utc_bounds(start: datetime.date, days: int) -> tuple[datetime.datetime, datetime.datetime]:
    begin = datetime.datetime.combine(start, datetime.time(), clock.JST)
    return clock.to_db(begin), clock.to_db(begin + datetime.timedelta(days=days))


def _local_week():
    local = sa.func.timezone("Asia/Tokyo", sa.func.timezone("UTC", SearchLog.time))
    return sa.cast(sa.func.date_trunc("week", local), sa.Date)


def weeks(last: datetime.date, n: int) -> list[dict[str, Any]]:
    """The ``n`` weeks up to the one holding ``last``: searches, searches
    with no result and searches followed by a click, zero weeks kept."""
    first = week_start(last) - datetime.timedelta(weeks=n - 1)
    begin, end = _utc_bounds(first, 7 * n)
    week = _local_week()
    query = sa.select(week, sa.func.count(),
                      sa.func.count().filter(SearchLog.result_count == 0),
                      sa.func.count().filter(SearchLog.clicked.is_(True))) \
        .where(SearchLog.time >= begin, SearchLog.time < end).group_by(week)
    found = {w: (a, z, c) for w, a, z, c in model.Session.execute(query)}
    out = []
    for i in range(n):
        start = first + datetime.timedelta(weeks=i)
        total, zero, clicked = found.get(start, (0, 0, 0))
        out.append({"key": start.isoformat(), "label": start.strftime("%m/%d"),
                    "searches": total, "zero": zero, "clicked": clicked})
    return out


def top(start: datetime.date, zero: bool, limit: int = TOP) -> list[dict[str, Any]]:
    """The week's most frequent queries (case and spacing folded), with
    how many of them found nothing and how many led to a click."""
    begin, end = _utc_bounds(start, 7)
    folded = sa.func.lower(SearchLog.query)
    query = sa.select(sa.func.min(SearchLog.query), sa.func.count().label("n"),
                      sa.func.count().filter(SearchLog.clicked.is_(True)),
                      sa.func.max(SearchLog.result_count)) \
        .where(SearchLog.time >= begin, SearchLog.time < end, SearchLog.query != "") \
        .group_by(folded).order_by(sa.desc("n"), folded).limit(limit)
    if zero:
        query = query.where(SearchLog.result_count == 0)
    return [{"key": q, "label": q, "count": n, "clicked": c, "results": r}
            for q, n, c, r in model.Session.execute(query)]


def led_to(organization_ids: list[str], days: int, limit: int = TOP) -> list[dict[str, Any]]:
    """Searches whose clicked result was a dataset of these organisations:
    ``[{"key", "label": "query → dataset title", "count", "dataset"}]``."""
    since = clock.to_db(clock.now() - datetime.timedelta(days=days))
    query = sa.select(SearchClick.query, model.Package.name, model.Package.title,
                      sa.func.count().label("n")) \
        .join(model.Package, model.Package.id == SearchClick.dataset_id) \
        .where(SearchClick.time >= since, model.Package.owner_org.in_(organization_ids),
               model.Package.state == "active") \
        .group_by(SearchClick.query, model.Package.name, model.Package.title) \
        .order_by(sa.desc("n"), SearchClick.query).limit(limit)
    return [{"key": f"{q}|{name}", "label": f"{q or tk._('(no words)')} → {title or name}",
             "count": n, "dataset": name} for q, name, title, n in model.Session.execute(query)]


def panel(organization_ids: list[str], days: int) -> dict[str, Any]:
    """The usage dashboard's panel (``IUsagePanels`` of the core plugin)."""
    return {"id": "searches", "title": tk._("Searches that led to your datasets"),
            "rows": led_to(organization_ids, days), "chart": "bars",
            "count_label": tk._("Clicks"),
            "note": tk._("Searches on this portal after which the visitor opened one of "
                         "your datasets.")}
