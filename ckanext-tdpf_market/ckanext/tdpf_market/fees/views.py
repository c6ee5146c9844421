"""Monthly fee statements as CSV (member and provider) and the provider's
list of months."""
from __future__ import annotations

import datetime
from typing import Any

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf.csvexport import response as csv_response

from ..usage.web import call_or_abort
from .ledger import local

bp = Blueprint("tdpf_market_fees", __name__)

REFUSAL = "Only the member, the provider's editors and operators can see fee statements"
KIND_LABELS = {"grant": "Grant started", "renewal": "Renewal", "download": "Download",
               "correction": "Correction"}


def _names(entries: list[dict[str, Any]]) -> dict[str, str]:
    ids = {e[k] for e in entries for k in ("member_user_id", "dataset_id", "organization_id")}
    names = {u.id: u.name for u in model.Session.query(model.User).filter(model.User.id.in_(ids))}
    names.update({p.id: p.name for p in
                  model.Session.query(model.Package).filter(model.Package.id.in_(ids))})
    names.update({g.id: g.name for g in
                  model.Session.query(model.Group).filter(model.Group.id.in_(ids))})
    return names


def statement_rows(entries: list[dict[str, Any]]) -> list[list[Any]]:
    from ckanext.tdpf.facets import current_lang
    from ckanext.tdpf.vocab import choices

    names, lang = _names(entries), current_lang()
    return [[local(datetime.datetime.fromisoformat(e["created"])).strftime("%Y-%m-%d %H:%M:%S"),
             tk._(KIND_LABELS.get(e["kind"], e["kind"])),
             names.get(e["member_user_id"], e["member_user_id"]),
             names.get(e["organization_id"], e["organization_id"]),
             names.get(e["dataset_id"], e["dataset_id"]),
             e["resource_id"] or "", e["grant_id"] or "",
             choices.label("fee_unit", e["unit"], lang) if e["unit"] else "",
             e["amount_yen"], e["description"], e["corrects_id"] or "", e["id"]]
            for e in entries]


HEADER = ["Time", "Kind", "Member (user)", "Provider", "Dataset", "Resource", "Grant",
          "Unit", "Amount (yen)", "Description", "Corrects entry", "Entry"]


def _csv(data_dict: dict[str, Any], name: str):
    month = request.args.get("month", "")
    stmt = call_or_abort("tdpf_fee_statement_show", {**data_dict, "month": month}, REFUSAL)
    rows = statement_rows(stmt["entries"])
    rows.append([tk._("Total"), "", "", "", "", "", "", "", stmt["total_yen"], "", "", ""])
    return csv_response(f"fees-{name}-{month}.csv", [tk._(h) for h in HEADER], rows)


@bp.route("/user/<id>/fees.csv")
def member_csv(id: str):
    return _csv({"user_id": id}, id)


@bp.route("/organization/<id>/fees.csv")
def provider_csv(id: str):
    return _csv({"organization_id": id}, id)


@bp.route("/organization/<id>/fees")
def provider_page(id: str):
    months = call_or_abort("tdpf_fee_statement_list", {"organization_id": id}, REFUSAL)
    org = call_or_abort("organization_show", {"id": id}, REFUSAL)
    return tk.render("tdpf_market/fees/provider.html",
                     {"group_dict": org, "group_type": "organization", "months": months})


blueprints = [bp]
