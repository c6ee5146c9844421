"""``tdpf_prepare_propose`` and ``tdpf_prepare_apply``: data preparation
of a resource's uploaded file for scripts and the workbench
page (views.py). Nothing is stored: the answer shows the recipe, each resulting
table's first rows and the L1-L3 scores before and after."""
from __future__ import annotations

import os
import tempfile
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from .. import standards
from .recipe import Recipe, RecipeError
from .run import Result, prepare_file
from .table import text

__all__ = ["tdpf_prepare_apply", "tdpf_prepare_apply_auth", "tdpf_prepare_propose",
           "tdpf_prepare_propose_auth"]

MAX_BYTES = 20 * 2**20  # prepared within the request; larger files: `ckan tdpf prepare`
PREVIEW_ROWS = 20


def _may_prepare(context: Context, data_dict: DataDict) -> AuthResult:
    """Providers of the dataset's organisation (who may edit it) and operators."""
    res = model.Resource.get(str(data_dict.get("id") or ""))
    if res is None:
        return {"success": False, "msg": tk._("Resource not found")}
    try:
        tk.check_access("package_update", context, {"id": res.package_id})
    except tk.NotAuthorized:
        return {"success": False,
                "msg": tk._("Only providers of the dataset's organization and operators can "
                            "prepare its files")}
    return {"success": True}


def tdpf_prepare_propose_auth(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_prepare(context, data_dict)


def tdpf_prepare_apply_auth(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_prepare(context, data_dict)


def _upload_path(resource_id: str) -> tuple[str, str]:
    """The stored file of an uploaded resource and its declared format."""
    from ckan.lib.uploader import get_resource_uploader

    res = model.Resource.get(resource_id)
    if res is None or res.state != "active":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    if res.url_type != "upload":
        raise tk.ValidationError({"id": [tk._("Only uploaded files can be prepared here; "
                                             "use `ckan tdpf prepare` for other files")]})
    path = get_resource_uploader({"id": res.id, "url_type": "upload"}).get_path(res.id)
    if not os.path.exists(path):
        raise tk.ValidationError({"id": [tk._("The uploaded file is missing from storage")]})
    if os.path.getsize(path) > MAX_BYTES:
        raise tk.ValidationError({"id": [tk._("The file is too large to prepare here; use "
                                             "`ckan tdpf prepare`")]})
    return path, (res.format or "").strip().lower()


def _hints(data_dict: DataDict) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    standard = data_dict.get("standard")
    if standard:
        if not isinstance(standard, str) or standard.partition("-")[0] not in (
                standards.standards()):
            raise tk.ValidationError({"standard": [tk._("Unknown standard dataset")]})
        hints["standard"] = standard
    code = data_dict.get("municipality")
    if code:
        from ..vocab import municipality
        try:
            hints["municipality"] = municipality.validate(str(code))
        except municipality.CodeError as exc:
            raise tk.ValidationError(
                {"municipality": [tk._("Not a valid local government code")]}) from exc
    return hints


def _answer(result: Result) -> dict[str, Any]:
    tables = []
    for table, out in zip(result.tables, result.outputs, strict=True):
        body = table.body
        tables.append({"name": table.name, "columns": table.columns if table.header else [],
                       "row_count": len(body), "levels": out.levels,
                       "rows": [[text(v) for v in r] for r in body[:PREVIEW_ROWS]]})
    return {"format": result.format, "recipe": result.recipe.to_dict(),
            "before": result.before, "after": result.after, "tables": tables,
            "trace": [t.to_dict() for t in result.trace]}


def _recipe(data_dict: DataDict, required: bool) -> Recipe | None:
    raw = data_dict.get("recipe")
    if raw is None or raw == "":
        if required:
            raise tk.ValidationError({"recipe": [tk._("Give the recipe to replay")]})
        return None
    try:
        return Recipe.from_json(raw) if isinstance(raw, str) else Recipe.from_dict(raw)
    except RecipeError as exc:
        raise tk.ValidationError({"recipe": [tk._("Not a recipe: {}").format(str(exc))]}) \
            from exc


def _prepared(data_dict: DataDict, out: str | None = None) -> Result:
    """The resource's file through the given recipe (or the proposed one),
    its results written to ``out`` (a temporary folder when None) and scored."""
    if out is None:
        with tempfile.TemporaryDirectory(prefix="tdpf-prepare-") as tmp:
            return _prepared(data_dict, tmp)
    recipe = _recipe(data_dict, required=False)
    path, declared = _upload_path(str(data_dict["id"]))
    hints = _hints(data_dict)
    from .sources import FORMATS, detect_format
    fmt = detect_format(path, declared if declared in FORMATS else None)
    if fmt is None:
        raise tk.ValidationError({"id": [tk._("The file is no table this catalog can read "
                                             "(CSV, TSV, Excel or PDF)")]})
    try:
        return prepare_file(path, out, recipe=recipe, hints=hints, fmt=fmt)
    except (ValueError, OSError) as exc:
        raise tk.ValidationError({"id": [tk._("The file could not be read: {}").format(
            str(exc)[:200])]}) from exc


@tk.side_effect_free
def tdpf_prepare_propose(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The preparation steps proposed for an uploaded resource's file
    (データ整備), and what they make of it. Nothing is stored.

    :param id: the id of the resource
    :type id: string
    :param standard: map the columns to this standard dataset (``aed``,
        ``evacuation_space``...; optional)
    :type standard: string
    :param municipality: the 6-digit local government code to fill in (optional)
    :type municipality: string
    :returns: ``recipe`` (``tdpf_recipe`` version and ``steps``, each
        ``step`` and ``params``: give it to tdpf_prepare_apply), ``before``
        and ``after`` (L1-L3 scores of the file and the lowest of the
        results), ``tables`` (each sheet or table: ``name``, ``columns``,
        ``row_count``, ``levels``, the first ``rows``), ``trace`` (per
        step: tables and rows before and after, cells changed)
    """
    tk.get_or_bust(data_dict, "id")
    tk.check_access("tdpf_prepare_propose", context, data_dict)
    return _answer(_prepared({**data_dict, "recipe": None}))


@tk.side_effect_free
def tdpf_prepare_apply(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Replay a recipe on an uploaded resource's file (the next edition of
    a file prepared before). Nothing is stored.

    :param id: the id of the resource
    :type id: string
    :param recipe: a recipe as tdpf_prepare_propose answers it (an object,
        or its JSON text)
    :type recipe: object
    :returns: as tdpf_prepare_propose
    """
    tk.get_or_bust(data_dict, "id")
    tk.check_access("tdpf_prepare_apply", context, data_dict)
    _recipe(data_dict, required=True)
    return _answer(_prepared(data_dict))
