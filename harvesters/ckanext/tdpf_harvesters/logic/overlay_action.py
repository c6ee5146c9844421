"""Actions of the operator overlay (overlay.py): show, correct and remove
corrections of a harvested dataset's fields. Sysadmins and the editors of
the dataset's organisation (who may update it) use them. A correction and
the dataset written with it are one transaction: a value the dataset
schema refuses stores nothing."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict, Schema

from ckanext.tdpf.logic.action_input import validated

from .. import overlay
from ..model import HarvestRecord
from . import overlay_schema

__all__ = ["tdpf_harvest_overlay_show", "tdpf_harvest_overlay_update",
           "tdpf_harvest_overlay_delete"]


def _validated(data_dict: DataDict, schema: Schema, context: Context) -> dict:
    """``validated``, with tag messages in the shape CKAN's ValidationError
    takes apart (``[{"name": [...]}]``: a plain text there was a TypeError, 500)."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        if "tags" in errors:
            errors["tags"] = [{"name": list(errors["tags"])}]
        raise tk.ValidationError(errors)
    return data


def _harvested(ref: str) -> dict:
    pkg = model.Package.get(ref)
    if pkg is None or pkg.type != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    if model.Session.get(HarvestRecord, pkg.id) is None:
        raise tk.ObjectNotFound(tk._("This dataset is not harvested: edit it on its own page"))
    return tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg.id})


def _user_id(context: Context) -> str:
    user = model.User.get(context.get("user") or "")
    return user.id if user else ""


def _write(context: Context, pkg_id: str, values: dict) -> None:
    """The dataset with ``values`` (and the overlay rows already in the
    session), committed together; nothing of it on a refusal."""
    patch = {"id": pkg_id, **{f: overlay.as_dataset_value(f, v) for f, v in values.items()}}
    try:
        tk.get_action("package_patch")(
            {"user": context.get("user") or "", "ignore_auth": True}, patch)
    except tk.ValidationError:
        model.Session.rollback()
        raise
    model.Session.commit()  # package_update commits nothing when nothing changed


@tk.side_effect_free
def tdpf_harvest_overlay_show(context: Context, data_dict: DataDict) -> dict:
    """The correctable fields of a harvested dataset: for each, the value
    the last harvest brought and ours (null when not corrected).

    :param id: the dataset's id or name
    :returns: ``{"id", "fields": [{"field", "harvested", "ours", "modified"}]}``
    """
    tk.check_access("tdpf_harvest_overlay_show", context, data_dict)
    data = validated(data_dict, overlay_schema.show(), context)
    pkg = _harvested(data["id"])
    return {"id": pkg["id"], "fields": overlay.listing(pkg)}


def tdpf_harvest_overlay_update(context: Context, data_dict: DataDict) -> dict:
    """Correct fields of a harvested dataset; the correction is kept apart
    from the harvested content and applied again after every re-harvest.

    :param id: the dataset's id or name
    :param title: our title
    :param notes: our description
    :param tags: our tags (a list, or comma-separated text)
    :param theme: our themes (the 17 e-Gov themes' codes)
    :param focus_area: our TDPF focus areas
    :param municipality_codes: our local government codes (6 digits)
    :param provider_type: our provider type
    :param standard_dataset: our standard dataset type
    :param license_id: our licence id
    :returns: as ``tdpf_harvest_overlay_show``
    """
    tk.check_access("tdpf_harvest_overlay_update", context, data_dict)
    data = _validated(data_dict, overlay_schema.update(), context)
    values = {f: data[f] for f in overlay.FIELDS if f in data}
    if not values:
        raise tk.ValidationError({"fields": [tk._("Give at least one field to correct: {}")
                                             .format(", ".join(overlay.FIELDS))]})
    pkg = _harvested(data["id"])
    user_id = _user_id(context)
    for field, value in values.items():
        overlay.put(pkg["id"], field, value, pkg, user_id)
    _write(context, pkg["id"], values)
    return {"id": pkg["id"], "fields": overlay.listing(_harvested(pkg["id"]))}


def tdpf_harvest_overlay_delete(context: Context, data_dict: DataDict) -> dict:
    """Remove our correction of a field: the dataset shows the harvested value again.

    :param id: the dataset's id or name
    :param field: the corrected field (title, notes, tags, theme, focus_area,
        municipality_codes, provider_type, standard_dataset, license_id)
    :returns: as ``tdpf_harvest_overlay_show``
    """
    tk.check_access("tdpf_harvest_overlay_delete", context, data_dict)
    data = validated(data_dict, overlay_schema.delete(), context)
    pkg = _harvested(data["id"])
    row = overlay.rows(pkg["id"]).get(data["field"])
    if row is None:
        raise tk.ObjectNotFound(tk._("This field has no correction"))
    model.Session.delete(row)
    _write(context, pkg["id"], {data["field"]: json.loads(row.harvested)})
    return {"id": pkg["id"], "fields": overlay.listing(_harvested(pkg["id"]))}
