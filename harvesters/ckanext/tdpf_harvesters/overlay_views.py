"""The operator overlay's page: ``/dataset/<id>/harvest-overlay`` shows,
per correctable field, the harvested value and ours, saves corrections
and removes one (back to the harvested value)."""
from __future__ import annotations

from typing import Any

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.types import Context

from ckanext.tdpf.messages import error_text, texts

from . import overlay

overlay_bp = Blueprint("tdpf_harvest_overlay", __name__)
_ = tk._


def _context() -> Context:
    return {"user": current_user.name if current_user.is_authenticated else "",
            "auth_user_obj": current_user}


def _shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else (value or "")


def corrections(package_id: str) -> list[dict] | None:
    """For the dataset page: the corrected fields, or None when the
    visitor may not correct the dataset or it is not harvested."""
    try:
        listing = tk.get_action("tdpf_harvest_overlay_show")(_context(), {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None
    return [{"field": f["field"], "label": _(overlay.LABELS[f["field"]]),
             "harvested": _shown(f["harvested"]), "ours": _shown(f["ours"])}
            for f in listing["fields"] if f["ours"] is not None]


def _listing(id: str) -> dict:
    try:
        return tk.get_action("tdpf_harvest_overlay_show")(_context(), {"id": id})
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e) or _("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, _("Only operators and the editors of the dataset's "
                               "organisation may correct a harvested dataset"))


def _render(id: str, listing: dict, form: dict[str, str], errors: dict):
    pkg = tk.get_action("package_show")(_context(), {"id": listing["id"]})
    rows = [{**f, "label": _(overlay.LABELS[f["field"]]),
             "harvested_text": _shown(f["harvested"]),
             "value": form.get(f["field"], _shown(f["ours"] if f["ours"] is not None
                                                  else f["harvested"])),
             "error": " ".join(texts(errors.get(f["field"], []))),
             "long": f["field"] == "notes"} for f in listing["fields"]]
    summary = {_(overlay.LABELS.get(k, k)): " ".join(texts(v)) for k, v in errors.items()}
    return tk.render("tdpf_harvesters/overlay.html", {
        "pkg": pkg, "rows": rows, "error_summary": summary})


@overlay_bp.route("/dataset/<id>/harvest-overlay", methods=["GET", "POST"])
def edit(id: str):
    listing = _listing(id)
    if flask.request.method == "GET":
        return _render(id, listing, {}, {})
    form = {f: flask.request.form.get(f, "") for f in overlay.FIELDS if f in flask.request.form}
    current = {f["field"]: _shown(f["ours"] if f["ours"] is not None else f["harvested"])
               for f in listing["fields"]}
    changed = {f: v for f, v in form.items() if v.strip() != current.get(f, "")}
    if not changed:
        tk.h.flash_notice(_("Nothing changed."))
        return tk.redirect_to("tdpf_harvest_overlay.edit", id=id)
    try:
        tk.get_action("tdpf_harvest_overlay_update")(_context(), {"id": listing["id"], **changed})
    except tk.ValidationError as e:
        return _render(id, listing, form, e.error_dict)
    tk.h.flash_success(_("Saved. Our values stay after every re-harvest."))
    return tk.redirect_to("tdpf_harvest_overlay.edit", id=id)


@overlay_bp.route("/dataset/<id>/harvest-overlay/remove", methods=["POST"])
def remove(id: str):
    listing = _listing(id)
    try:
        tk.get_action("tdpf_harvest_overlay_delete")(
            _context(), {"id": listing["id"], "field": flask.request.form.get("field", "")})
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
    except tk.ObjectNotFound as e:
        tk.h.flash_error(str(e))
    else:
        tk.h.flash_success(_("The correction was removed: the harvested value is shown again."))
    return tk.redirect_to("tdpf_harvest_overlay.edit", id=id)
