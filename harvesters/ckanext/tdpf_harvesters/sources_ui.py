"""``/harvest/connect``: an operator (or an organisation's editor) adds a
provider's own CKAN or DCAT catalog as a harvest source. 接続テスト says
what the catalog answers (dataset count, sample titles) before anything
is saved; 保存 tests again and creates the source."""
from __future__ import annotations

import json

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.types import Context

from ckanext.tdpf.messages import texts
from ckanext.tdpf.vocab import choices

sources_bp = Blueprint("tdpf_harvest_sources", __name__)
_ = tk._
_FIELDS = ("title", "name", "url", "source_type", "owner_org", "provider_type",
           "municipality_codes", "frequency")
_LABELS = {"title": "Catalog name", "name": "URL name", "url": "Catalog URL",
           "source_type": "Catalog type", "owner_org": "Organization",
           "provider_type": "Provider type", "municipality_codes": "Municipalities covered",
           "frequency": "Update frequency", "config": "Settings"}
_FREQUENCIES = (("MANUAL", "Manual"), ("DAILY", "Daily"), ("WEEKLY", "Weekly"),
                ("MONTHLY", "Monthly"))


def _context() -> Context:
    return {"user": current_user.name if current_user.is_authenticated else "",
            "auth_user_obj": current_user}


def _options() -> dict:
    orgs = tk.get_action("organization_list_for_user")(
        _context(), {"permission": "create_dataset"})
    return {
        "orgs": [{"value": o["id"], "text": o["display_name"]} for o in orgs],
        "types": [{"value": "tdpf_ckan", "text": "CKAN"}, {"value": "tdpf_dcat", "text": "DCAT"}],
        "providers": [{"value": v, "text": ja if tk.h.lang() == "ja" else en}
                      for v, ja, en in choices.PROVIDER_TYPES],
        "frequencies": [{"value": v, "text": _(t)} for v, t in _FREQUENCIES],
    }


def _page(data: dict, errors: dict, found: dict | None = None):
    summary = {_(_LABELS.get(k, k)): " ".join(texts(v)) for k, v in errors.items()}
    return tk.render("tdpf_harvesters/connect.html", {
        "data": data, "errors": {k: " ".join(texts(v)) for k, v in errors.items()},
        "error_summary": summary, "found": found, **_options()})


def _probe(data: dict) -> dict:
    return tk.get_action("tdpf_harvest_source_probe")(
        _context(), {"url": data["url"], "source_type": data["source_type"]})


def _create(data: dict) -> dict:
    codes = data["municipality_codes"].replace("、", ",").replace(",", " ").split()
    cfg = {"provider_type": data["provider_type"], "municipality_codes": codes}
    return tk.get_action("harvest_source_create")(_context(), {
        "title": data["title"], "name": data["name"], "url": data["url"],
        "source_type": data["source_type"], "owner_org": data["owner_org"],
        "frequency": data["frequency"] or "MANUAL",
        "config": json.dumps({k: v for k, v in cfg.items() if v}, ensure_ascii=False)})


def _refused():
    """None for those who may add a catalog; else the login page or a 403."""
    try:
        tk.check_access("tdpf_harvest_source_probe", _context(), {})
    except tk.NotAuthorized:
        if not current_user.is_authenticated:
            return tk.redirect_to("user.login", came_from=flask.request.full_path)
        return tk.abort(403, _("Only operators and organisation editors may add a catalog"))
    return None


@sources_bp.route("/harvest/connect", methods=["GET", "POST"])
def connect():
    refused = _refused()
    if refused is not None:
        return refused
    if flask.request.method == "GET":
        return _page({"source_type": "tdpf_ckan", "frequency": "WEEKLY",
                      "provider_type": "company"}, {})
    data = {k: flask.request.form.get(k, "").strip() for k in _FIELDS}
    return _post(data, save=flask.request.form.get("op") == "save")


def _post(data: dict, save: bool):
    """接続テスト (the result on the page) or 保存 (tested again, then created)."""
    try:
        found = _probe(data)
    except tk.ValidationError as e:
        return _page(data, e.error_dict)
    if not save:
        return _page(data, {}, found)
    try:
        _create(data)
    except tk.ValidationError as e:
        return _page(data, e.error_dict, found)
    except tk.NotAuthorized as e:
        return _page(data, {"owner_org": [str(e)]}, found)
    tk.h.flash_success(_("The catalog was added as a harvest source ({count} datasets "
                         "found). Run it from its page.").format(count=found["count"]))
    return flask.redirect(tk.h.url_for("harvest.read", id=data["name"]))
