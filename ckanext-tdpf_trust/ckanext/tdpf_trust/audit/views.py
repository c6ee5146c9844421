"""Operators browse the audit log and export it as CSV (UTF-8 with BOM, so
Excel opens Japanese text correctly)."""
from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa
from flask import Blueprint, Response, request, stream_with_context

import ckan.plugins.toolkit as tk
from ckan.model import Session, User

from . import records
from .actions import filters
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
    names = dict(Session.execute(sa.select(User.id, User.name).where(User.id.in_(actors))).all())
    return tk.render("tdpf_trust/audit/index.html", {
        "rows": rows[:PAGE], "query": query, "page": page, "has_next": len(rows) > PAGE,
        "actor_names": names})


@bp.route("/ckan-admin/trust/audit.csv")
def export_csv():
    if not _allowed():
        return tk.abort(403, tk._("Only TDPF operators can read the audit log."))
    query = _query()
    query.pop("page")

    def generate():
        yield "\ufeff"
        before = None  # newest first, by id: rows appended meanwhile are not repeated
        while True:
            rows = _batch(query, before)
            out = io.StringIO()
            writer = csv.writer(out)
            if before is None:
                writer.writerow(CSV_COLUMNS)
            for row in rows:
                item = row.as_dict()
                item["detail"] = json.dumps(item["detail"], ensure_ascii=False, sort_keys=True)
                writer.writerow([item[c] for c in CSV_COLUMNS])
            yield out.getvalue()
            if len(rows) < BATCH:
                return
            before = rows[-1].id

    return Response(stream_with_context(generate()), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": "attachment; filename=tdpf-trust-audit.csv"})


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
