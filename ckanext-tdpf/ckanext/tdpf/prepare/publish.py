"""``tdpf_prepare_publish``: a prepared table becomes a new UTF-8 CSV
resource of the same dataset, linked to its original. It goes through
``resource_create``'s own upload path as the caller, so every gate of an
upload applies to it as to any other file: the warranty the trust plugin
asks for (``tdpf_warranty_attestation`` is passed on), the personal-data
scan and the file pipeline's check of the new file (its L1-L3 scores)."""
from __future__ import annotations

import io
import re
from typing import Any

from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from .actions import _may_prepare, _prepared
from .run import to_csv

__all__ = ["DERIVED_FROM", "RECIPE", "tdpf_prepare_publish", "tdpf_prepare_publish_auth"]

DERIVED_FROM = "tdpf_derived_from"  # the resource's field: id of the original resource
RECIPE = "tdpf_recipe"  # the recipe's JSON, to replay on the next edition
_PASSED_ON = ("tdpf_warranty_attestation",)


def tdpf_prepare_publish_auth(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_prepare(context, data_dict)


def tdpf_prepare_publish(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Publish one prepared table of an uploaded resource's file as a new
    UTF-8 CSV resource of the same dataset (データ整備の結果を公開).

    :param id: the id of the original resource
    :type id: string
    :param recipe: the recipe to apply (optional: the proposed steps)
    :type recipe: object
    :param table: the name of the result to publish, when the file gives
        several (a sheet name, "p2-1" for a PDF page's table)
    :type table: string
    :param name: the new resource's name (optional: the original's with
        「（整備済み）」)
    :type name: string
    :param tdpf_warranty_attestation: the provider's warranty, as
        resource_create takes it (needed for a public dataset)
    :type tdpf_warranty_attestation: object
    :returns: the new resource as resource_create answers it, with
        ``tdpf_derived_from`` (the original's id) and ``before``/``after``
        (L1-L3 of the original and of the published table)
    """
    tk.get_or_bust(data_dict, "id")
    tk.check_access("tdpf_prepare_publish", context, data_dict)
    original = model.Resource.get(str(data_dict["id"]))
    if original is None or original.state != "active":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    result = _prepared(data_dict)
    wanted = data_dict.get("table")
    choices = [t.name for t in result.tables]
    if wanted is None and len(result.tables) > 1:
        raise tk.ValidationError({"table": [tk._("Choose one of the results: {}").format(
            ", ".join(choices))]})
    index = 0 if wanted is None else (choices.index(wanted) if wanted in choices else -1)
    if index < 0 or not result.tables:
        raise tk.ValidationError({"table": [tk._("Choose one of the results: {}").format(
            ", ".join(choices))]})
    table, output = result.tables[index], result.outputs[index]
    base = re.sub(r"\.[A-Za-z0-9]+$", "", original.name or original.url.rsplit("/", 1)[-1]
                  or "data")
    filename = re.sub(r"[^\w.\-]+", "_", f"{base}{'-' + table.name if table.name else ''}",
                      flags=re.ASCII).strip("_") or "prepared"
    name = data_dict.get("name") or f"{base}{'（' + table.name + '）' if table.name else ''}" \
        "（整備済み）"
    upload = FileStorage(io.BytesIO(to_csv(table)), filename=f"{filename}.csv",
                         content_type="text/csv")
    created = tk.get_action("resource_create")(
        {"user": context.get("user", "")},
        {"package_id": original.package_id, "name": name, "url": f"{filename}.csv",
         "upload": upload, "format": "CSV", "mimetype": "text/csv",
         "description": tk._("Prepared from the resource 「{}」 (データ整備).").format(
             original.name or original.id),
         DERIVED_FROM: original.id, RECIPE: result.recipe.to_json(),
         **{k: data_dict[k] for k in _PASSED_ON if k in data_dict}})
    return {**created, "before": result.before, "after": output.levels}
