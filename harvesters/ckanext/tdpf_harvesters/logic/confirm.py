"""An operator confirms what the harvest enrichment assigned to a record
(enrich/): the 「自動分類」 marks go, the values stay, and later re-harvests
keep the confirmed values."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tdpf.logic.action_input import validated
from ckanext.tdpf.vocab.lists import as_list

from .. import enrich
from . import schema

_ = tk._


def tdpf_harvest_classification_confirm(context: Context, data_dict: DataDict):
    """Confirm the machine-assigned fields of a harvested dataset
    (provider type, municipalities, theme, focus area, standard dataset):
    they are no longer marked 「自動分類」 and re-harvests keep their values.

    :param id: the dataset's id or name
    :type id: string
    :param fields: the fields to confirm (default: all marked ones)
    :type fields: list of strings
    :returns: ``{"id", "auto_classified": [...], "auto_confirmed": [...]}``
    :rtype: dictionary
    """
    data = validated(data_dict, schema.classification_confirm(), context)
    tk.check_access("tdpf_harvest_classification_confirm", context, {"id": data["id"]})
    show: Context = {"user": context.get("user") or "", "ignore_auth": True}
    pkg = tk.get_action("package_show")(show, {"id": data["id"]})
    auto = as_list(pkg.get(enrich.AUTO))
    fields = as_list(data.get("fields")) or auto
    unknown = [f for f in fields if f not in enrich.FIELDS]
    if unknown:
        raise tk.ValidationError({"fields": [_("Not a field the harvest assigns: {fields}")
                                             .format(fields=", ".join(unknown))]})
    confirmed = sorted(set(as_list(pkg.get(enrich.CONFIRMED))) | {f for f in fields if f in auto})
    remaining = [f for f in auto if f not in fields]
    # the caller may update the dataset (checked above); the patch itself
    # runs unchecked so that no other gate on package_update refuses it
    patch: Context = {"user": context.get("user") or "", "ignore_auth": True}
    tk.get_action("package_patch")(patch, {"id": pkg["id"], enrich.AUTO: remaining,
                                    enrich.CONFIRMED: confirmed})
    return {"id": pkg["id"], enrich.AUTO: remaining, enrich.CONFIRMED: confirmed}
