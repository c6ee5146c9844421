"""Reads ``ckan.logic._actions`` (private): every registered action, as the
OpenAPI description (``ckanext.tdpf.openapi``) lists them.

CKAN has no public list of its actions. On another CKAN version the private
dict may be gone or hold something else; then :func:`actions` collects the
names from the public sources CKAN fills it from (its action modules'
public functions and each ``IActions`` plugin's ``get_actions()``) and
resolves each with ``get_action``.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

from . import active

REPLACES = "ckan.logic._actions"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = ("The API description lists the actions of CKAN's action modules and "
                    "IActions plugins instead of reading CKAN's private registry.")


def actions() -> dict[str, Callable]:
    """``{name: the action as get_action gives it}`` for every action."""
    import ckan.logic
    import ckan.logic.action
    import ckan.plugins as p

    ckan.logic.get_action("package_show")  # CKAN fills its registry on first use
    if active("action_registry"):
        return dict(ckan.logic._actions)
    names: set[str] = set()
    for found in pkgutil.iter_modules(ckan.logic.action.__path__):
        module = importlib.import_module(f"ckan.logic.action.{found.name}")
        names.update(name for name, value in vars(module).items()
                     if inspect.isfunction(value) and not name.startswith("_")
                     and value.__module__ == module.__name__)
    for plugin in p.PluginImplementations(p.IActions):
        names.update(plugin.get_actions())
    out = {}
    for name in sorted(names):
        try:
            out[name] = ckan.logic.get_action(name)
        except ckan.logic.NotFound:
            continue
    return out
