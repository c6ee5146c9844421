"""Data rate pages: the report (/data-rate, its CSV) and a dataset's
breakdown (/dataset/<id>/data-rate).

Who sees the report: operators (sysadmins) see every organisation; members
of an organisation see their organisations (private datasets included);
anonymous visitors and users without an organisation get 403 (the data
rate of each public dataset stays visible on its page, in search results
and through the API)."""
from __future__ import annotations

import flask

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import Context

from .. import csvexport

tdpf_data_rate = flask.Blueprint("tdpf_data_rate", __name__)


def _context() -> Context:
    return {"user": getattr(tk.current_user, "name", "") or "",
            "auth_user_obj": tk.current_user}


def _summary() -> tuple[dict, dict]:
    """(report, request filters) for the caller, or abort 403/404."""
    context = _context()
    try:
        tk.check_access("tdpf_data_rate_report", context)
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only operators and members of an organization can see "
                           "the data rate report"))
    data: dict = {}
    org = tk.request.args.get("organization", "").strip()
    if org:
        data["organization"] = org
    if not authz.is_sysadmin(context.get("user")):
        data["mine"] = True
    try:
        report = tk.get_action("tdpf_data_rate_summary")(context, dict(data))
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Organization not found"))
    return report, data


def report_page():
    report, data = _summary()
    csv_args = {"organization": data["organization"]} if data.get("organization") else {}
    return tk.render("tdpf/datarate/report.html", {
        "report": report, "organization": data.get("organization", ""),
        "all_organizations": not data.get("mine"),
        "csv_url": tk.h.url_for("tdpf_data_rate.report_csv", **csv_args)})


def report_csv():
    from ..datarate import report as datarate_report
    report, data = _summary()
    name = f"data-rate-{data['organization']}.csv" if data.get("organization") else "data-rate.csv"
    # the bundle's writer: organisation titles are text their editors typed
    return csvexport.response(name, *datarate_report.csv_table(report))


def dataset_page(id: str):
    context = _context()
    try:
        pkg = tk.get_action("package_show")(context, {"id": id})
        tk.check_access("tdpf_data_rate_show", context, {"id": pkg["id"]})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        tk.abort(403, tk._("Not authorized to see this dataset"))
    return tk.render("tdpf/datarate/dataset.html", {"pkg": pkg, "pkg_dict": pkg})


tdpf_data_rate.add_url_rule("/data-rate", view_func=report_page)
tdpf_data_rate.add_url_rule("/data-rate.csv", view_func=report_csv)
tdpf_data_rate.add_url_rule("/dataset/<id>/data-rate", view_func=dataset_page)
