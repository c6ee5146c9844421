"""Plugins made of feature subpackages (tdpf_trust, tdpf_market).

A feature is a subpackage (``warranty``, ``grants``, ...). Its optional
modules are collected by :class:`Features`: ``actions.py``, ``auth.py``,
``helpers.py`` (their ``__all__``), ``apidoc.py`` (``ACTIONS``: what the
OpenAPI description says of the feature's actions, see
``interfaces.IActionDescriptions``), ``views.py`` (module attribute
``blueprints``: a list of Flask blueprints), ``cli.py`` (``commands``: click
commands added under ``ckan tdpf``). Its package may also define hook
functions the plugin calls for every feature, in order:

``before_dataset_index(pkg_dict) -> pkg_dict``,
``before_dataset_search(search_params) -> search_params``,
``after_dataset_search(search_results, search_params) -> search_results``,
``after_dataset_show(context, pkg_dict) -> None``,
``after_resource_create(context, resource) -> None``,
``after_resource_update(context, resource) -> None``,
``dataset_facets(facets_dict, package_type) -> facets_dict``,
``scheduled_tasks() -> list[ckanext.tdpf.scheduler.Task]``.
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, Iterator

from .params import guarded_actions


class Features:
    def __init__(self, package: str, names: list[str]):
        self.package = package
        self.names = names

    def module(self, feature: str, part: str | None = None) -> ModuleType | None:
        name = f"{self.package}.{feature}" + (f".{part}" if part else "")
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise  # a real import error inside the module
            return None

    def exports(self, part: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for feature in self.names:
            module = self.module(feature, part)
            for name in getattr(module, "__all__", []):
                if name in out:
                    raise RuntimeError(f"{part} {name} defined by two features")
                out[name] = getattr(module, name)
        return out

    def actions(self) -> dict[str, Any]:
        return guarded_actions(self.exports("actions"))

    def auth_functions(self) -> dict[str, Any]:
        return self.exports("auth")

    def helpers(self) -> dict[str, Any]:
        return self.exports("helpers")

    def action_descriptions(self) -> dict[str, dict]:
        """The features' ``apidoc.ACTIONS``; two features describing one
        (core) action add up: parameters and required names merged, notes
        joined."""
        from .openapi.entries import merged

        out: dict[str, dict] = {}
        for feature in self.names:
            for name, entry in getattr(self.module(feature, "apidoc"), "ACTIONS", {}).items():
                out[name] = merged(out.get(name, {}), entry)
        return out

    def _lists(self, part: str, attribute: str) -> list:
        return [item for feature in self.names
                for item in getattr(self.module(feature, part), attribute, [])]

    def blueprints(self) -> list:
        return self._lists("views", "blueprints")

    def commands(self) -> list:
        return self._lists("cli", "commands")

    def hooks(self, name: str) -> Iterator:
        """The features' functions called ``name``, in order."""
        for feature in self.names:
            func = getattr(self.module(feature), name, None)
            if func is not None:
                yield func


class FeaturePlugin:
    """The interface methods of a plugin made of features: each hands CKAN's
    call to every feature's hook of the same name, in order. The plugin
    class sets ``features`` and declares the interfaces it implements; it
    keeps its own update_config (tk.add_template_directory resolves the
    directory from its caller's file)."""

    features: Features

    def _chain(self, name: str, value, *args):
        for hook in self.features.hooks(name):
            value = hook(value, *args)
        return value

    def _each(self, name: str, *args) -> None:
        for hook in self.features.hooks(name):
            hook(*args)

    # IClick: the features' commands join the core's `ckan tdpf` group (the
    # core does not know the plugins made of features)
    def get_commands(self):
        from .cli import tdpf
        for command in self.features.commands():
            tdpf.add_command(command)
        return []

    # IActionDescriptions
    def action_descriptions(self):
        return self.features.action_descriptions()

    # IScheduledTasks
    def scheduled_tasks(self):
        return [task for hook in self.features.hooks("scheduled_tasks") for task in hook()]

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        return self._chain("dataset_facets", facets_dict, package_type)

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return self._chain("before_dataset_index", pkg_dict)

    def before_dataset_search(self, search_params):
        return self._chain("before_dataset_search", search_params)

    def after_dataset_search(self, search_results, search_params):
        return self._chain("after_dataset_search", search_results, search_params)

    def after_dataset_show(self, context, pkg_dict):
        self._each("after_dataset_show", context, pkg_dict)

    # IResourceController
    def after_resource_create(self, context, resource):
        self._each("after_resource_create", context, resource)

    def after_resource_update(self, context, resource):
        self._each("after_resource_update", context, resource)
