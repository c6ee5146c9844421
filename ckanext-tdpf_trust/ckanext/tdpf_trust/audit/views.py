"""Operators browse the audit log and export it as CSV (the bundle's CSV
writer: UTF-8 with BOM for Excel, no cell a formula)."""
from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan.model import Session, User

from ckanext.tdpf import csvexport

from .actions import filters
from .chain import records
from .model import AuditRecord

bp = Blueprint("tdpf_audit", __name__)
blueprints = [bp]

PAGE = 50
CSV_COLUMNS = ["id", "created", "event", "actor", "object_type", "object_id",
               "detail", "hash"]


def _allowed():
    try:
        tk.check_access("tdpf_audit_list", {"user": tk.g.user}, {})
    except tk.NotAuthorized:
        return False
    return True


def _query() -> dict:
    args = {key: request.args.get(key, "") for key in ("event", "object_type", "object_id")}
    try:
        page = min(max(1, int(request.args.get("page") or 1)), 10**6)
    except ValueError:
        page = 1
    return args | {"page": page}


@bp.route("/ckan-admin/trust/audit")
def index():
    if not _allowed():
        return tk.abort(403, tk._("Only TDPF operators can read the audit log."))
    query = _query()
    page = query.pop("page")
    rows = records(**filters(query | {"limit": PAGE + 1, "offset": (page - 1) * PAGE}))
    actors = {row.actor for row in rows if row.actor}
    names = dict(Session.execute(sa.select(User.id, User.name)
                                 .where(User.id.in_(actors))).tuples().all())
    return tk.render("tdpf_trust/audit/index.html", {
        "rows": rows[:PAGE], "query": query, "page": page, "has_next": len(rows) > PAGE,
        "actor_names": names})


@bp.route("/ckan-admin/trust/audit.csv")
def export_csv():
    if not _allowed():
        return tk.abort(403, tk._("Only TDPF operators can read the audit log."))
    query = _query()
    query.pop("page")

    def batches():
        before = None  # newest first, by id: rows appended meanwhile are not repeated
        while True:
            rows = _batch(query, before)
            yield [_csv_row(row) for row in rows]
            if len(rows) < BATCH:
                return
            before = rows[-1].id

    return csvexport.streamed_response("tdpf-trust-audit.csv", CSV_COLUMNS, batches())


def _csv_row(row: AuditRecord) -> list:
    item = row.as_dict()
    item["detail"] = json.dumps(item["detail"], ensure_ascii=False, sort_keys=True)
    return [item[c] for c in CSV_COLUMNS]


BATCH = 1000


def _batch(query: dict, before: int | None) -> list[AuditRecord]:
    """The next ``BATCH`` records older than ``before``, matching the filters
    of ``audit.records``."""
    select = sa.select(AuditRecord).order_by(AuditRecord.id.desc()).limit(BATCH)
    if before is not None:
        select = select.where(AuditRecord.id < before)
    if query.get("event"):
        select = select.where(AuditRecord.event.startswith(query["event"]))
    for column in ("object_type", "object_id"):
        if query.get(column):
            select = select.where(getattr(AuditRecord, column) == query[column])
    return list(Session.execute(select).scalars())
