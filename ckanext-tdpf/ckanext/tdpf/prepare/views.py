"""The data preparation workbench (データ整備) of one uploaded resource:
the proposed steps with a checkbox each, the first rows before and after
the ticked steps, the L1-L3 scores before and after, and publishing the
result as a new resource linked to its original. Plain form posts (the
site's page policy allows no inline script); the page calls the
``tdpf_prepare_*`` actions as the signed-in user, so their auth function
decides who sees it (providers of the dataset's organisation, operators)."""
from __future__ import annotations

import json
from typing import Any, cast

import flask

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

tdpf_prepare = flask.Blueprint("tdpf_prepare", __name__)

__all__ = ["step_labels", "tdpf_prepare"]

_ATTEST = "tdpf_attest_"  # the trust plugin's warranty checkboxes, as on the resource form


def step_labels() -> dict[str, str]:
    """Each step's name as the page shows it (Japanese in the .po)."""
    _ = tk._
    return {
        "encoding": _("Re-encode to UTF-8"), "repair_mojibake": _("Repair mojibake"),
        "trim_rows": _("Drop rows above and below the table"),
        "split_tables": _("Split tables side by side"),
        "unmerge_fill": _("Unmerge cells and fill"), "drop_empty": _("Drop empty rows and columns"),
        "clean_spaces": _("Remove layout spaces and line breaks"),
        "fill_groups": _("Fill group labels on every row"),
        "as_of_column": _("Add the as-of date as a column"),
        "stack": _("Stack tables with the same header"),
        "coordinates": _("Check and split coordinates"), "numbers": _("Numbers out of text"),
        "dates": _("Dates to ISO 8601"), "choices": _("Normalise choice values"),
        "map_columns": _("Map columns to the standard dataset"),
        "municipality": _("Fill the local government code and name"),
        "filter_rows": _("Filter rows"), "pivot": _("Long to wide"), "unpivot": _("Wide to long"),
        "select": _("Select and rename columns"),
    }


def _context() -> Context:
    return cast(Context, {"user": getattr(tk.current_user, "name", "") or ""})


def _resource(dataset_id: str, resource_id: str) -> tuple[model.Resource, model.Package]:
    res = model.Resource.get(resource_id)
    pkg = res and model.Package.get(res.package_id)
    if res is None or pkg is None or res.state != "active" or dataset_id not in (pkg.id, pkg.name):
        tk.abort(404, tk._("Resource not found"))
    try:  # who may not see the dataset does not learn that the resource exists
        tk.check_access("package_show", _context(), {"id": pkg.id})
    except tk.NotAuthorized:
        tk.abort(404, tk._("Resource not found"))
    try:
        tk.check_access("tdpf_prepare_propose", _context(), {"id": res.id})
    except tk.NotAuthorized as err:
        tk.abort(403, str(err))
    return res, pkg  # type: ignore[return-value]  # abort() does not return


def _ticked(proposed: dict[str, Any], form: Any) -> dict[str, Any]:
    """The proposed recipe with only the steps whose box is ticked."""
    keep = set(form.getlist("step"))
    steps = [s for i, s in enumerate(proposed["steps"]) if str(i) in keep]
    return {**proposed, "steps": steps}


def _attestation(form: Any) -> dict[str, Any]:
    return {k[len(_ATTEST):]: True for k in form if k.startswith(_ATTEST)}


def _errors(err: tk.ValidationError) -> list[str]:
    found = err.error_dict if isinstance(err.error_dict, dict) else {}
    out = []
    for value in found.values():
        out.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return out or [str(err)]


def page(id: str, resource_id: str):
    res, pkg = _resource(id, resource_id)
    ctx = _context()
    form = tk.request.form if tk.request.method == "POST" else None
    errors: list[str] = []
    try:
        proposed = tk.get_action("tdpf_prepare_propose")(ctx, {"id": res.id})
        before = tk.get_action("tdpf_prepare_apply")(
            ctx, {"id": res.id, "recipe": {**proposed["recipe"], "steps": []}})
    except tk.ValidationError as err:
        return tk.render("tdpf/prepare/page.html", {
            "pkg": pkg, "res": res, "errors": _errors(err), "proposed": None}), 400
    recipe = proposed["recipe"] if form is None else _ticked(proposed["recipe"], form)
    after = tk.get_action("tdpf_prepare_apply")(ctx, {"id": res.id, "recipe": recipe})
    if form is not None and form.get("publish"):
        data: dict[str, Any] = {"id": res.id, "recipe": recipe}
        if form.get("table"):
            data["table"] = form["table"]
        attestation = _attestation(form)
        if attestation:
            data["tdpf_warranty_attestation"] = attestation
        try:
            created = tk.get_action("tdpf_prepare_publish")(ctx, data)
        except tk.ValidationError as err:
            errors = _errors(err)
        else:
            tk.h.flash_success(tk._("The prepared data was published as a new resource."))
            return tk.redirect_to("dataset_resource.read", id=pkg.name,
                                  resource_id=created["id"])
    ticked = {json.dumps(s, sort_keys=True) for s in recipe["steps"]}
    steps = [{"index": i, "step": s["step"],
              "params": json.dumps(s.get("params") or {}, ensure_ascii=False),
              "ticked": json.dumps(s, sort_keys=True) in ticked}
             for i, s in enumerate(proposed["recipe"]["steps"])]
    warranty = (tk.h.tdpf_warranty_form_for(pkg.name)
                if "tdpf_warranty_form_for" in tk.h else None)
    return tk.render("tdpf/prepare/page.html", {
        "pkg": pkg, "res": res, "errors": errors, "proposed": proposed, "steps": steps,
        "labels": step_labels(), "before": before, "after": after, "warranty": warranty,
        "table": form.get("table") if form is not None else None,
    }), (400 if errors else 200)


tdpf_prepare.add_url_rule("/dataset/<id>/resource/<resource_id>/prepare", view_func=page,
                          methods=["GET", "POST"])
