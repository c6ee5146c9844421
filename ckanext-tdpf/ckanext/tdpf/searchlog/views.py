"""The operators' search log page (/ckan-admin/search-log, its CSV): per
week the searches, those that found nothing and those followed by a
click, and the week's top searches and top zero-result searches."""
from __future__ import annotations

import datetime
from typing import Any

import flask

import ckan.plugins.toolkit as tk

from .. import clock, csvexport
from ..datarate import chart
from . import report

tdpf_search_log = flask.Blueprint("tdpf_search_log", __name__)

WEEKS = 12


def _data() -> dict[str, Any]:
    try:
        tk.check_access("tdpf_search_log_report",
                        {"user": getattr(tk.current_user, "name", "") or ""}, {})
    except tk.NotAuthorized as err:
        tk.abort(403, str(err))
    raw = tk.request.args.get("week", "").strip()
    try:
        day = datetime.date.fromisoformat(raw) if raw else clock.today(clock.JST)
    except ValueError:
        tk.abort(400, tk._("week must be a date (YYYY-MM-DD)"))
    start = report.week_start(day)
    return {"week": start, "weeks": report.weeks(start, WEEKS),
            "top": report.top(start, zero=False), "zero": report.top(start, zero=True)}


def page():
    data = _data()
    weeks = data["weeks"]
    charts = {
        "searches": chart.columns([{"key": w["key"], "label": w["label"], "count": w["searches"]}
                                   for w in weeks], tk._("Searches per week")),
        "zero": chart.columns([{"key": w["key"], "label": w["label"], "count": w["zero"]}
                               for w in weeks], tk._("Searches without results per week"),
                              colour="#c4272f"),
        "zero_top": chart.bars(data["zero"][:15], tk._("Top searches without results"),
                               colour="#c4272f") if data["zero"] else None,
    }
    week = data["week"]
    return tk.render("tdpf/searchlog/report.html", {
        **data, "charts": charts,
        "previous": (week - datetime.timedelta(weeks=1)).isoformat(),
        "next": (week + datetime.timedelta(weeks=1)).isoformat(),
        "csv_url": tk.h.url_for("tdpf_search_log.csv", week=week.isoformat())})


def csv():
    data = _data()
    header = [tk._("Week"), tk._("Kind"), tk._("Query"), tk._("Searches"), tk._("Clicked")]
    week = data["week"].isoformat()
    rows: list[list[Any]] = [[w["key"], tk._("All searches"), "", w["searches"], w["clicked"]]
                             for w in data["weeks"]]
    rows += [[w["key"], tk._("Without results"), "", w["zero"], ""] for w in data["weeks"]]
    rows += [[week, tk._("Top searches"), r["label"], r["count"], r["clicked"]]
             for r in data["top"]]
    rows += [[week, tk._("Top searches without results"), r["label"], r["count"], r["clicked"]]
             for r in data["zero"]]
    return csvexport.response(f"search-log-{week}.csv", header, rows)


tdpf_search_log.add_url_rule("/ckan-admin/search-log", view_func=page)
tdpf_search_log.add_url_rule("/ckan-admin/search-log.csv", view_func=csv, endpoint="csv")
