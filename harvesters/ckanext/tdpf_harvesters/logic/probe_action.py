"""``tdpf_harvest_source_probe``: the 接続テスト of a catalog before it is
saved as a harvest source (probe.py)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict, Schema, Validator

from ckanext.tdpf.logic.action_input import validated

from .. import probe

__all__ = ["tdpf_harvest_source_probe"]

SOURCE_TYPES = ("tdpf_ckan", "tdpf_dcat")


def _source_type(value: Any) -> str:
    if value in (None, "", tk.missing):
        return SOURCE_TYPES[0]
    if value not in SOURCE_TYPES:
        raise tk.Invalid(tk._("Must be one of: {}").format(", ".join(SOURCE_TYPES)))
    return value


@tk.validator_args
def _schema(not_empty: Validator, tdpf_stripped: Validator) -> Schema:
    return {"url": [tdpf_stripped, not_empty], "source_type": [_source_type]}


@tk.side_effect_free
def tdpf_harvest_source_probe(context: Context, data_dict: DataDict) -> dict:
    """Test a catalog before adding it as a harvest source: what it answers,
    how many datasets it holds and some of their titles. The URL must pass
    the portal's outbound-HTTP policy.

    :param url: the catalog's address (a CKAN site or its Action API, or a DCAT document)
    :param source_type: ``tdpf_ckan`` (default) or ``tdpf_dcat``
    :returns: ``{"kind", "url", "count", "more", "titles"}`` (``more``: a DCAT
        catalog with more pages than were counted)
    """
    tk.check_access("tdpf_harvest_source_probe", context, data_dict)
    data = validated(data_dict, _schema(), context)
    try:
        return probe.probe(data["url"], data["source_type"])
    except probe.ProbeError as e:
        raise tk.ValidationError({"url": [str(e)]}) from None
