"""Plugins made of feature subpackages (tdpf_trust, tdpf_market).

A feature is a subpackage (``warranty``, ``grants``, ...) whose ``feature.py``
declares everything it gives its plugin in one :class:`Feature`::

    FEATURE = Feature(
        provides=("actions", "auth", "apidoc", "blueprints"),
        hooks={"before_dataset_index": before_dataset_index},
    )

``provides`` names the parts, each a module of the feature:

- ``actions``, ``auth``, ``helpers``: ``actions.py``, ``auth.py``,
  ``helpers.py``, registered through their ``__all__``;
- ``apidoc``: ``apidoc.py``, ``ACTIONS`` (what the OpenAPI description says
  of the feature's actions, see ``interfaces.IActionDescriptions``);
- ``blueprints``: ``views.py``, ``blueprints`` (Flask blueprints);
- ``commands``: ``cli.py``, ``commands`` (click commands under ``ckan tdpf``).

``hooks`` maps names from :data:`HOOKS` to functions the plugin calls for
every feature, in the registry's order; ``signals`` is a function returning
an ``ISignal`` mapping ``{signal: [listener, ...]}``.

The declarations are checked when the plugin is loaded, so a wiring mistake
stops CKAN with a message naming it instead of doing nothing: an unknown
hook name, a hook that is not callable, a declared part whose module or
attribute is missing, a part's module present but not declared, a hook
function in the package not declared, a name in ``__all__`` that is not
defined, an action without an auth function of the same name (chained core
actions keep core's), a hook, part or signals of an interface the plugin
does not implement.
"""
from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType, ModuleType
from typing import Any

from .params import guarded_actions

#: hook name -> its signature, as the plugin calls it
HOOKS: Mapping[str, str] = MappingProxyType({
    "before_dataset_index": "(pkg_dict) -> pkg_dict",
    "before_dataset_search": "(search_params) -> search_params",
    "after_dataset_search": "(search_results, search_params) -> search_results",
    "after_dataset_show": "(context, pkg_dict) -> None",
    "after_resource_create": "(context, resource) -> None",
    "after_resource_update": "(context, resource) -> None",
    "dataset_facets": "(facets_dict, package_type) -> facets_dict",
    "scheduled_tasks": "() -> list[ckanext.tdpf.scheduler.Task]",
    "file_analysers": "() -> dict[str, (ckanext.tdpf.files.analysers.Copy) -> dict | None]",
})

#: part -> (module of the feature, attribute the plugin reads)
PARTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "actions": ("actions", "__all__"),
    "auth": ("auth", "__all__"),
    "helpers": ("helpers", "__all__"),
    "apidoc": ("apidoc", "ACTIONS"),
    "blueprints": ("views", "blueprints"),
    "commands": ("cli", "commands"),
})


def _interfaces() -> dict[str, Any]:
    """What a plugin must implement for CKAN to call a hook or read a part
    (else the declaration would do nothing)."""
    import ckan.plugins as p

    from .interfaces import IActionDescriptions, IFileAnalysers, IScheduledTasks

    return {
        "before_dataset_index": p.IPackageController,
        "before_dataset_search": p.IPackageController,
        "after_dataset_search": p.IPackageController,
        "after_dataset_show": p.IPackageController,
        "after_resource_create": p.IResourceController,
        "after_resource_update": p.IResourceController,
        "dataset_facets": p.IFacets,
        "scheduled_tasks": IScheduledTasks,
        "file_analysers": IFileAnalysers,
        "signals": p.ISignal,
        "actions": p.IActions,
        "auth": p.IAuthFunctions,
        "helpers": p.ITemplateHelpers,
        "apidoc": IActionDescriptions,
        "blueprints": p.IBlueprint,
        "commands": p.IClick,
    }


class FeatureError(RuntimeError):
    """A feature's declaration does not match what it provides."""


@dataclasses.dataclass(frozen=True)
class Feature:
    """What one feature gives its plugin (see the module docstring)."""

    provides: tuple[str, ...] = ()
    hooks: Mapping[str, Callable[..., Any]] = dataclasses.field(default_factory=dict)
    signals: Callable[[], Mapping[Any, list]] | None = None


@dataclasses.dataclass(frozen=True)
class _Loaded:
    """One feature's declaration with its parts imported."""

    name: str
    package: ModuleType
    declaration: Feature
    parts: Mapping[str, Any]  # part -> the attribute the plugin reads


def _import(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise  # a real import error inside the module
        return None


class Features:
    """The features of one plugin, in the order their hooks run."""

    def __init__(self, package: str, names: list[str]):
        self.package = package
        self.names = names

    def module(self, feature: str, part: str | None = None) -> ModuleType | None:
        return _import(f"{self.package}.{feature}" + (f".{part}" if part else ""))

    # -- the check, once per process ------------------------------------

    @cached_property
    def loaded(self) -> list[_Loaded]:
        """Every feature's declaration, checked (raises FeatureError)."""
        out = [self._load(name) for name in self.names]
        self._check_auth(out)
        return out

    def check(self) -> None:
        self.loaded  # noqa: B018 - the property raises on a bad declaration

    def _load(self, name: str) -> _Loaded:
        where = f"{self.package}.{name}"
        package = self.module(name)
        if package is None:
            raise FeatureError(f"{where}: the feature package does not exist")
        module = self.module(name, "feature")
        declaration = getattr(module, "FEATURE", None)
        if not isinstance(declaration, Feature):
            raise FeatureError(f"{where}: no feature.py with FEATURE = Feature(...)")
        parts = {part: self._part(where, name, part) for part in declaration.provides}
        for part, (module_name, _attr) in PARTS.items():
            if part not in parts and self.module(name, module_name) is not None:
                raise FeatureError(f"{where}: {module_name}.py exists but FEATURE does not "
                                   f"declare {part!r} in provides")
        self._check_hooks(where, package, declaration)
        if declaration.signals is not None and not callable(declaration.signals):
            raise FeatureError(f"{where}: signals is not callable")
        return _Loaded(name, package, declaration, parts)

    def _part(self, where: str, feature: str, part: str) -> Any:
        if part not in PARTS:
            raise FeatureError(f"{where}: unknown part {part!r} in provides "
                               f"(known: {', '.join(PARTS)})")
        module_name, attribute = PARTS[part]
        module = self.module(feature, module_name)
        if module is None:
            raise FeatureError(f"{where}: provides {part!r} but {where}.{module_name} "
                               f"does not exist")
        if not hasattr(module, attribute):
            raise FeatureError(f"{where}.{module_name}: provides {part!r} but has no "
                               f"{attribute}")
        value = getattr(module, attribute)
        if attribute != "__all__":
            return value
        missing = [name for name in value if not hasattr(module, name)]
        if missing:
            raise FeatureError(f"{where}.{module_name}: __all__ names undefined "
                               f"{', '.join(missing)}")
        return {name: getattr(module, name) for name in value}

    @staticmethod
    def _check_hooks(where: str, package: ModuleType, declaration: Feature) -> None:
        for hook, func in declaration.hooks.items():
            if hook not in HOOKS:
                raise FeatureError(f"{where}: unknown hook {hook!r} "
                                   f"(known: {', '.join(HOOKS)})")
            if not callable(func):
                raise FeatureError(f"{where}: hook {hook!r} is not callable "
                                   f"({type(func).__name__})")
        for hook in HOOKS:
            if callable(getattr(package, hook, None)) and hook not in declaration.hooks:
                raise FeatureError(f"{where}: defines {hook}() but FEATURE does not "
                                   f"declare it in hooks")

    def _check_auth(self, loaded: list[_Loaded]) -> None:
        auth = {name for item in loaded for name in item.parts.get("auth", {})}
        for item in loaded:
            for name, func in item.parts.get("actions", {}).items():
                if name not in auth and not getattr(func, "chained_action", False):
                    raise FeatureError(f"{self.package}.{item.name}: action {name} has no "
                                       f"auth function {name} in the plugin's features")

    # -- what the plugin hands CKAN ---------------------------------------

    def exports(self, part: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in self.loaded:
            for name, value in item.parts.get(part, {}).items():
                if name in out:
                    raise FeatureError(f"{part} {name} defined by two features")
                out[name] = value
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
        for item in self.loaded:
            for name, entry in item.parts.get("apidoc", {}).items():
                out[name] = merged(out.get(name, {}), entry)
        return out

    def _lists(self, part: str) -> list:
        return [value for item in self.loaded for value in item.parts.get(part, [])]

    def blueprints(self) -> list:
        return self._lists("blueprints")

    def commands(self) -> list:
        return self._lists("commands")

    def hooks(self, name: str) -> Iterator[Callable[..., Any]]:
        """The features' hooks called ``name``, in order."""
        if name not in HOOKS:
            raise FeatureError(f"unknown hook {name!r}")
        for item in self.loaded:
            func = item.declaration.hooks.get(name)
            if func is not None:
                yield func

    def check_plugin(self, plugin_class: type) -> None:
        """Raise FeatureError when a feature declares something CKAN would
        never ask ``plugin_class`` for (an interface it does not implement)."""
        needs = _interfaces()
        for item in self.loaded:
            used = [*item.declaration.provides, *item.declaration.hooks]
            if item.declaration.signals is not None:
                used.append("signals")
            for name in used:
                if not needs[name].implemented_by(plugin_class):
                    raise FeatureError(
                        f"{self.package}.{item.name}: declares {name!r} but "
                        f"{plugin_class.__name__} does not implement {needs[name].__name__}")

    def signal_subscriptions(self) -> dict[Any, list]:
        out: dict[Any, list] = {}
        for item in self.loaded:
            if item.declaration.signals is not None:
                for signal, listeners in item.declaration.signals().items():
                    out.setdefault(signal, []).extend(listeners)
        return out


class FeaturePlugin:
    """The interface methods of a plugin made of features: each hands CKAN's
    call to every feature's hook of the same name, in order. The plugin
    class sets ``features`` and declares the interfaces it implements; it
    keeps its own update_config (tk.add_template_directory resolves the
    directory from its caller's file). Creating the plugin (what
    ``ckan.plugins.load`` does) checks the features' declarations."""

    features: Features

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.features.check()
        self.features.check_plugin(type(self))

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

    # IFileAnalysers (for plugins that declare it)
    def file_analysers(self):
        return {name: analyser for hook in self.features.hooks("file_analysers")
                for name, analyser in hook().items()}

    # ISignal (for plugins that declare it)
    def get_signal_subscriptions(self):
        return self.features.signal_subscriptions()

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
