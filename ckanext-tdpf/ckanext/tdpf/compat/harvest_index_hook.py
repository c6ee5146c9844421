"""Replaces ckanext-harvest's ``before_dataset_index``
(``ckanext.harvest.plugin.Harvest``): inside :func:`answering`, the
dataset's current harvest object comes from the answers given instead of
its own query.

The hook asks, for every dataset indexed, for the dataset's current harvest
object (the one imported last), then copies its id and its source's id and
title into the index document and into the two stored dicts. A bulk index
(a rebuild chunk, a harvest batch) asks the harvesters plugin for these
objects once per chunk (``IBulkIndexLookups``), and this hook does the
same copying with them; any dataset without an answer gets ckanext-harvest's
own hook. tests/tdpf/compat/test_harvest_index_hook.py compares both.
"""
from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator, Mapping
from typing import Any

REPLACES = "ckanext-harvest's before_dataset_index"
WRITTEN_FOR = {"ckan": "2.12.0", "ckanext-harvest": "1.6.3"}
IF_OTHER_VERSION = "ckanext-harvest's hook asks for each dataset's harvest object (slower)."

_local = threading.local()
_hook: dict[str, Any] = {}  # "original": ckanext-harvest's, once replaced


def _harvest_loaded() -> bool:
    import ckan.plugins.toolkit as tk

    plugins = tk.config.get("ckan.plugins") or []
    return "harvest" in (plugins.split() if isinstance(plugins, str) else plugins)


def install(on: bool) -> None:
    if "original" not in _hook and not (on and _harvest_loaded()):
        return  # never installed: leave ckanext-harvest unimported
    from ckanext.harvest.plugin import Harvest

    original = _hook.setdefault("original", Harvest.before_dataset_index)
    Harvest.before_dataset_index = before_dataset_index if on else original


def _answers() -> Mapping[str, Any] | None:
    return getattr(_local, "objects", None)


@contextlib.contextmanager
def answering(objects: Mapping[str, Any]) -> Iterator[None]:
    """``{dataset id: its current HarvestObject or None}`` answers the hook
    on this thread meanwhile."""
    previous = _answers()
    _local.objects = objects
    try:
        yield
    finally:
        _local.objects = previous


def before_dataset_index(self: Any, pkg_dict: dict) -> dict:
    answers = _answers()
    if answers is None or pkg_dict.get("id") not in answers:
        return _hook["original"](self, pkg_dict)
    if isinstance(pkg_dict.get("status"), dict):  # the hook's Solr 8 fix, first as there
        try:
            pkg_dict["status"] = json.dumps(pkg_dict["status"])
        except ValueError:
            pkg_dict.pop("status", None)
    found = answers[pkg_dict["id"]]
    if found is None:
        return pkg_dict
    extras = (("harvest_object_id", found.id), ("harvest_source_id", found.source.id),
              ("harvest_source_title", found.source.title))
    for stored in ("data_dict", "validated_data_dict"):
        shown = json.loads(pkg_dict[stored])
        for key, value in extras:
            if key in shown:
                shown[key] = value
            else:
                self._add_or_update_harvest_metadata(key, value, shown)
        pkg_dict[stored] = json.dumps(shown)
    for key, value in extras:
        pkg_dict.setdefault(key, value)
    return pkg_dict
