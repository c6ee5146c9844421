"""A harvest source's configuration is for the people who run the source:
those who may update it (sysadmins, the editors of the organisation that
owns it: ckanext-harvest's own rule for its jobs and their reports).

ckanext-harvest shows it to everyone else too: ``harvest_source_list``
answers anonymous callers with every source and its ``config`` (and a
logged-in user outside its old "publisher" profile with ``[]``), and the
source's dataset (``package_show``, ``harvest_source_show``, search results)
carries ``config`` and, through ``harvest_source_convert_from_config``, each
key of it as a field of its own.

Here the search index never holds the configuration (no result returns it,
no query can test for it), ``package_show`` gives it back from the source's
row only to those who may update the source, and ``harvest_source_list``
answers everyone but sysadmins with the sources whose dataset they may see,
the configuration only of those they may update.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.harvest.logic.schema import harvest_source_show_package_schema
from ckanext.harvest.model import HarvestSource

SOURCE_TYPE = "harvest"
# fields of the source's dataset that a config key of the same name does not hide
_OWN_FIELDS = frozenset(harvest_source_show_package_schema()) - {"config"}


def _parsed(config: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(config) if isinstance(config, str) and config else {}
    except ValueError:  # ckanext-harvest then makes no fields of it either
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _config_fields(config: Any) -> set[str]:
    """``config`` and the dataset fields ckanext-harvest made of its keys."""
    return {"config"} | (set(_parsed(config)) - _OWN_FIELDS)


def _without(data: dict[str, Any], config: Any) -> None:
    for key in _config_fields(config):
        data.pop(key, None)
    if isinstance(data.get("extras"), list):
        data["extras"] = [e for e in data["extras"]
                          if not (isinstance(e, dict) and e.get("key") == "config")]


def may_operate(context: Context, source_id: str) -> bool:
    """Whether the caller may update the source (and so read its config)."""
    auth: Context = {"user": context.get("user") or ""}
    user_obj = context.get("auth_user_obj")
    if user_obj is not None:
        auth["auth_user_obj"] = user_obj
    try:
        tk.check_access("harvest_source_update", auth, {"id": source_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def may_see(context: Context, source_id: str) -> bool:
    """Whether the caller may see the source's dataset."""
    try:
        tk.check_access("package_show", {"user": context.get("user") or ""}, {"id": source_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def after_dataset_show(context: Context, pkg_dict: dict[str, Any]) -> None:
    """The source's dataset as the caller may see it; internal reads
    (``ignore_auth``, the indexer among them) get the configuration too."""
    if pkg_dict.get("type") != SOURCE_TYPE or not pkg_dict.get("id"):
        return
    source = HarvestSource.get(pkg_dict["id"])
    config = source.config if source is not None else pkg_dict.get("config")
    if context.get("ignore_auth") or may_operate(context, pkg_dict["id"]):
        if "config" not in pkg_dict and source is not None:  # read from the index
            _restore(pkg_dict, source.config)
    else:
        _without(pkg_dict, config)


def _restore(pkg_dict: dict[str, Any], config: str | None) -> None:
    """What the show schema makes of ``config`` (the index keeps none)."""
    pkg_dict["config"] = config
    parsed = _parsed(config)
    for key in _config_fields(config) - {"config"}:
        pkg_dict[key] = parsed[key]


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    if pkg_dict.get("dataset_type") != SOURCE_TYPE and pkg_dict.get("type") != SOURCE_TYPE:
        return pkg_dict
    config = pkg_dict.get("config") or pkg_dict.get("extras_config")
    _without(pkg_dict, config)
    pkg_dict.pop("extras_config", None)
    for key in ("data_dict", "validated_data_dict"):
        if isinstance(pkg_dict.get(key), str):
            stored = json.loads(pkg_dict[key])
            _without(stored, stored.get("config", config))
            pkg_dict[key] = json.dumps(stored)
    return pkg_dict


def after_dataset_search(search_results: dict[str, Any]) -> None:
    """Results never carry it (an index built before this module may still
    hold it: ``ckan search-index rebuild`` drops it)."""
    for result in search_results.get("results") or []:
        if isinstance(result, dict) and result.get("type") == SOURCE_TYPE:
            _without(result, result.get("config"))


def listed(context: Context, sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``harvest_source_list``'s answer for a caller who is not a sysadmin."""
    shown = []
    for source in sources:
        if not may_see(context, source["id"]):
            continue
        if not may_operate(context, source["id"]):
            _without(source, source.get("config"))
        shown.append(source)
    return shown
