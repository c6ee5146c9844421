"""Usage pages: the provider dashboard (/usage, its CSV) and the
operators' totals per organisation (/ckan-admin/usage, its CSV). The
after-request hooks that count views and downloads, and clicks for the
search log, are registered on this blueprint."""
from __future__ import annotations

from typing import Any

import flask

import ckan.plugins.toolkit as tk
from ckan import authz

from .. import csvexport
from ..datarate import chart
from ..searchlog import capture
from . import hooks, panels, report
from .auth import providing_orgs

tdpf_usage = flask.Blueprint("tdpf_usage", __name__)
tdpf_usage.after_app_request(hooks.count_response)
tdpf_usage.after_app_request(capture.on_response)


def _user() -> str:
    return getattr(tk.current_user, "name", "") or ""


def days_arg() -> int:
    raw = tk.request.args.get("days", "30").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= report.MAX_DAYS:
        tk.abort(400, tk._("days must be a whole number from 1 to {n}").format(n=report.MAX_DAYS))
    return int(raw)


def _organizations() -> tuple[list[dict], list[dict], dict | None]:
    """(the organisations shown, those the user may choose from, the one
    asked for) or abort 403/404. Operators may choose any organisation."""
    user = _user()
    wanted = tk.request.args.get("organization", "").strip()
    if authz.is_sysadmin(user):
        choices = tk.get_action("organization_list")(
            {"user": user}, {"all_fields": True, "limit": 1000})
    else:
        try:
            tk.check_access("tdpf_open_usage_show", {"user": user}, {"organization": wanted})
        except tk.NotAuthorized as err:
            tk.abort(403, str(err))
        choices = providing_orgs(user)
    if not wanted:
        return choices, choices, None
    chosen = next((o for o in choices if wanted in (o["id"], o["name"])), None)
    if chosen is None:
        tk.abort(404, tk._("Organization not found"))
    return [chosen], choices, chosen


def dashboard_data() -> dict[str, Any]:
    days = days_arg()
    orgs, choices, chosen = _organizations()
    ids = [o["id"] for o in orgs]
    daily = report.per_day(ids, days)
    return {"days": days, "organizations": orgs, "organization": chosen,
            "choices": choices,
            "daily": daily, "datasets": report.per_dataset(ids, days),
            "resources": report.per_resource(ids, days), "panels": panels.gather(ids, days),
            "views_total": sum(d["views"] for d in daily),
            "downloads_total": sum(d["downloads"] for d in daily)}


def _series(daily: list[dict], key: str) -> list[dict]:
    return [{"key": d["key"], "label": d["label"], "count": d[key]} for d in daily]


def _panel_chart(panel: dict):
    if panel.get("chart") == "columns":
        return chart.columns(panel["rows"], panel["title"], label_every=7)
    if panel.get("chart") == "bars" and panel["rows"]:
        return chart.bars(panel["rows"][:15], panel["title"])
    return None


def dashboard():
    data = dashboard_data()
    every = max(1, data["days"] // 10)
    charts = {
        "views": chart.columns(_series(data["daily"], "views"), tk._("Page views per day"),
                               label_every=every),
        "downloads": chart.columns(_series(data["daily"], "downloads"),
                                   tk._("Downloads per day"), colour="#1a7f37",
                                   label_every=every),
        "datasets": chart.bars([{"key": d["name"], "label": d["title"], "count": d["views"]}
                                for d in data["datasets"][:15]],
                               tk._("Most viewed datasets")),
    }
    for panel in data["panels"]:
        panel["svg"] = _panel_chart(panel)
    args = {k: v for k, v in tk.request.args.items() if k in ("organization", "days")}
    return tk.render("tdpf/usage/dashboard.html", {
        **data, "charts": charts, "csv_url": tk.h.url_for("tdpf_usage.dashboard_csv", **args)})


def dashboard_csv():
    data = dashboard_data()
    header = [tk._("Grouped by"), tk._("Key"), tk._("Item"), tk._("Page views"),
              tk._("Number of downloads")]
    rows: list[list[Any]] = []
    rows += [[tk._("Day"), d["key"], d["label"], d["views"], d["downloads"]]
             for d in data["daily"]]
    rows += [[tk._("Dataset"), d["name"], d["title"], d["views"], d["downloads"]]
             for d in data["datasets"]]
    rows += [[tk._("Resource"), f'{r["dataset_name"]}/{r["id"]}', r["name"], r["views"],
              r["downloads"]] for r in data["resources"]]
    for panel in data["panels"]:
        rows += [[panel["title"], r["key"], r["label"], r["count"], ""] for r in panel["rows"]]
    name = f"usage-{data['organization']['name']}.csv" if data["organization"] else "usage.csv"
    return csvexport.response(name, header, rows)


def _totals() -> tuple[int, list[dict]]:
    try:
        tk.check_access("tdpf_open_usage_totals", {"user": _user()}, {})
    except tk.NotAuthorized as err:
        tk.abort(403, str(err))
    days = days_arg()
    return days, report.per_organization(days)


def totals():
    days, rows = _totals()
    return tk.render("tdpf/usage/totals.html", {
        "days": days, "rows": rows,
        "chart": chart.bars([{"key": r["name"], "label": r["title"], "count": r["views"]}
                             for r in rows[:20]], tk._("Page views per organization")),
        "csv_url": tk.h.url_for("tdpf_usage.totals_csv", days=days)})


def totals_csv():
    days, rows = _totals()
    header = [tk._("Organization"), tk._("Name"), tk._("Page views"), tk._("Number of downloads")]
    return csvexport.response(f"usage-totals-{days}d.csv", header,
                              [[r["title"], r["name"], r["views"], r["downloads"]] for r in rows])


tdpf_usage.add_url_rule("/usage", view_func=dashboard)
tdpf_usage.add_url_rule("/usage.csv", view_func=dashboard_csv)
tdpf_usage.add_url_rule("/ckan-admin/usage", view_func=totals)
tdpf_usage.add_url_rule("/ckan-admin/usage.csv", view_func=totals_csv)
