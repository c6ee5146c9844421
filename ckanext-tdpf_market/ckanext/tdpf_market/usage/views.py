"""Usage pages: a dataset's dashboard (provider), a member's history,
the operators' totals; each also as CSV."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, request

import ckan.plugins.toolkit as tk

from ckanext.tdpf.csvexport import response as csv_response
from ckanext.tdpf.facets import current_lang
from ckanext.tdpf.vocab import choices

from .web import call_or_abort as _call

bp = Blueprint("tdpf_market_usage", __name__)

SECTIONS = [  # (report key, CSV group msgid)
    ("requests_by_state", "Requests by state"),
    ("grants_by_state", "Grants by state"),
    ("downloads_per_day", "Downloads per day"),
    ("downloads_by_member_type", "Downloads by member type"),
    ("downloads_by_purpose", "Downloads by purpose"),
    ("members_by_type", "Members by type"),
    ("members_by_tier", "Members by tier"),
    ("top_datasets", "Most downloaded datasets"),
]
STATE_LABELS = {"pending": "Pending decision", "approved": "Approved", "rejected": "Rejected",
                "expired": "Expired", "active": "Currently valid", "revoked": "Revoked",
                "withdrawn": "Withdrawn", "suspended": "Suspended"}


def _label_states(report: dict[str, Any]) -> dict[str, Any]:
    for key in ("requests_by_state", "grants_by_state"):
        for row in report.get(key, []):
            row["label"] = tk._(STATE_LABELS.get(row["key"], row["key"]))
    return report


def report_csv(report: dict[str, Any], filename: str) -> Any:
    rows = [[tk._(group), row["key"], row["label"], row["count"]]
            for key, group in SECTIONS for row in report.get(key, [])]
    for key, msgid in (("active_grants", "Active grants"),
                       ("downloads_total", "Downloads in total"),
                       ("fees_total_yen", "Fees in total (yen)")):
        if key in report:
            rows.append([tk._("Total"), key, tk._(msgid), report[key]])
    header = [tk._("Grouped by"), tk._("Key"), tk._("Item"), tk._("Count")]
    return csv_response(filename, header, rows)


DATASET_REFUSAL = "Only the dataset's organization editors and operators can see its usage"


def _dataset(id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    days = request.args.get("days") or 30
    report = _call("tdpf_usage_show", {"id": id, "days": days}, DATASET_REFUSAL)
    pkg = _call("package_show", {"id": id}, DATASET_REFUSAL)
    return _label_states(report), pkg


@bp.route("/dataset/<id>/usage")
def dataset(id: str):
    report, pkg = _dataset(id)
    return tk.render("tdpf_market/usage/dataset.html",
                     {"report": report, "pkg": pkg, "pkg_dict": pkg})


@bp.route("/dataset/<id>/usage.csv")
def dataset_csv(id: str):
    report, pkg = _dataset(id)
    return report_csv(report, f"usage-{pkg['name']}.csv")


HISTORY_REFUSAL = "Only the member and operators can see a transaction history"


@bp.route("/user/<id>/market-history")
def history(id: str):
    from ckanext.tdpf.compat import user_page_variables

    data = _call("tdpf_usage_history", {"user_id": id}, HISTORY_REFUSAL)
    for row in data["requests"] + data["grants"]:
        row["state_label"] = tk._(STATE_LABELS.get(row["state"], row["state"]))
    months = tk.get_action("tdpf_fee_statement_list")({}, {"user_id": id})
    extra = user_page_variables.for_user(id)
    return tk.render("tdpf_market/usage/history.html",
                     {"history": data, "months": months, **extra})


def _history_rows(data: dict[str, Any]) -> list[list[Any]]:
    lang = current_lang()

    def unit(value):
        return choices.label("fee_unit", value, lang) if value else ""
    kinds: list[tuple[str, str, Callable[[dict], list]]] = [
        ("requests", "Access request", lambda r: [
            r["created"], tk._(STATE_LABELS.get(r["state"], r["state"])), r["purpose"], "",
            r["reason"]]),
        ("grants", "Grant", lambda r: [
            r["valid_from"], tk._(STATE_LABELS.get(r["state"], r["state"])), r["purpose"], "",
            r["valid_until"] or ""]),
        ("downloads", "Download", lambda r: [
            r["time"], "", r["purpose"], "", f"{r['bytes']} bytes"]),
        ("fees", "Fee entry", lambda r: [
            r["created"], r["kind"], unit(r["unit"]), r["amount_yen"], r["description"]]),
    ]
    rows = [[tk._(label), r["dataset"]["name"], *fields(r)]
            for key, label, fields in kinds for r in data[key]]
    return sorted(rows, key=lambda row: row[2], reverse=True)


@bp.route("/user/<id>/market-history.csv")
def history_csv(id: str):
    data = _call("tdpf_usage_history", {"user_id": id}, HISTORY_REFUSAL)
    header = [tk._(h) for h in ("Kind", "Dataset", "Time", "State", "Purpose",
                                "Amount (yen)", "Detail")]
    return csv_response(f"market-history-{id}.csv", header, _history_rows(data))


TOTALS_REFUSAL = "Only operators can see the platform totals"


@bp.route("/ckan-admin/market-usage")
def totals():
    report = _call("tdpf_usage_totals", {"days": request.args.get("days") or 30},
                   TOTALS_REFUSAL)
    return tk.render("tdpf_market/usage/totals.html", {"report": _label_states(report)})


@bp.route("/ckan-admin/market-usage.csv")
def totals_csv():
    report = _call("tdpf_usage_totals", {"days": request.args.get("days") or 30},
                   TOTALS_REFUSAL)
    return report_csv(_label_states(report), "market-usage.csv")


blueprints = [bp]
