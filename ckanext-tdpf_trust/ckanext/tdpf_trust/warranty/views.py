"""The warranty page (/dataset/<id>/warranty) and the new-dataset flow's
last step: the resource stage's button (value ``tdpf-warranty``, see
templates/scheming/package/snippets/resource_form.html) saves the resource
as CKAN does, then leads here instead of finishing."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .rules import ATTESTATIONS, attestation_texts

NEXT_STEP = "tdpf-warranty"

warranty = Blueprint("tdpf_warranty", __name__)


def _context() -> Context:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else "",
            "auth_user_obj": tk.current_user}


@warranty.route("/dataset/<id>/warranty", methods=["GET", "POST"])
def warrant(id: str):
    try:
        pkg = tk.get_action("package_show")(_context(), {"id": id})
        tk.check_access("tdpf_warranty_create", _context(),
                        {"id": pkg["id"], "owner_org": pkg.get("owner_org")})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e) or tk._("Unauthorized"))
    errors: dict = {}
    form = request.form if request.method == "POST" else {}
    if request.method == "POST":
        try:
            if form.get("save") == "skip":
                _finish(pkg, publish=False)
                return tk.redirect_to("dataset.read", id=pkg["name"])
            data = {k: form.get(k) for k in ATTESTATIONS}
            tk.get_action("tdpf_warranty_create")(_context(), dict(
                data, id=pkg["id"], personal_data_kind=form.get("personal_data_kind")))
            _finish(pkg, publish=tk.asbool(form.get("publish")))
            tk.h.flash_success(tk._("Warranty recorded. Thank you."))
            return tk.redirect_to("dataset.read", id=pkg["name"])
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render("tdpf_trust/warranty/warrant.html", extra_vars={
        "pkg": pkg, "errors": errors, "form": form, "texts": attestation_texts(),
        "attestations": ATTESTATIONS, "personal_data_kinds": _kinds()})


def _finish(pkg: dict, publish: bool) -> None:
    """The last step of the new-dataset flow: activate the draft; publish
    when asked (the gate checks both)."""
    changes = {}
    if pkg.get("state") == "draft":
        changes["state"] = "active"
    if publish and pkg.get("private"):
        changes["private"] = False
    if changes:
        tk.get_action("package_patch")(_context(), dict(changes, id=pkg["id"]))


def _kinds() -> list[str]:
    from ckanext.tdpf.vocab.choices import CADDE
    return [v for v, _ja, _en in CADDE["privacy_policy_contains_personal_data"]]


def _next_step_requested() -> bool:
    return (request.method == "POST" and (request.endpoint or "").endswith("resource.new")
            and request.form.get("save") == NEXT_STEP)


def _resource_data_given() -> bool:
    skip = {"save", "id", "resource_type"}
    return any(v for k, v in request.form.items() if k not in skip and not k.startswith("_")) \
        or any(f.filename for f in request.files.values())


def _to_warranty():
    """The warranty step of the dataset in the resource form's URL
    (``/dataset/<id>/resource/new``)."""
    return tk.redirect_to("tdpf_warranty.warrant", id=(request.view_args or {})["id"])


@warranty.before_app_request
def skip_empty_resource():
    """Next step without a new resource: nothing for CKAN to save."""
    if _next_step_requested() and not _resource_data_given():
        return _to_warranty()
    return None


@warranty.after_app_request
def lead_to_warranty(response):
    """After CKAN saved the resource (a redirect), go to the warranty step."""
    if _next_step_requested() and 300 <= response.status_code < 400:
        return _to_warranty()
    return response


blueprints = [warranty]
