"""Feature wiring fails loudly: a plugin made of features whose declaration
does not match what a feature provides does not load, and the message names
the feature and the mistake (ckanext.tdpf.features)."""
from __future__ import annotations

import itertools
import textwrap

import pytest

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ckanext.tdpf.features import HOOKS, FeatureError, FeaturePlugin, Features
from ckanext.tdpf_community.registry import FEATURES as COMMUNITY
from ckanext.tdpf_market.registry import FEATURES as MARKET
from ckanext.tdpf_trust.registry import FEATURES as TRUST

_packages = itertools.count()

GOOD = {
    "__init__.py": """
        def before_dataset_index(pkg_dict):
            return pkg_dict
    """,
    "feature.py": """
        from ckanext.tdpf.features import Feature
        from . import before_dataset_index
        FEATURE = Feature(provides=("actions", "auth"),
                          hooks={"before_dataset_index": before_dataset_index})
    """,
    "actions.py": """
        __all__ = ["planted_thing_show"]
        def planted_thing_show(context, data_dict):
            return {}
    """,
    "auth.py": """
        __all__ = ["planted_thing_show"]
        def planted_thing_show(context, data_dict):
            return {"success": True}
    """,
}


def _plant(tmp_path, monkeypatch, **files: str | None) -> Features:
    """A package with one feature ``planted``: GOOD with ``files`` replaced
    (None removes a file)."""
    package = f"h4planted{next(_packages)}"
    root = tmp_path / package / "planted"
    root.mkdir(parents=True)
    (root.parent / "__init__.py").write_text("")
    for name, text in {**GOOD, **files}.items():
        if text is not None:
            (root / name).write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    return Features(package, ["planted"])


def _load(features: Features, *interfaces):
    """What ``ckan.plugins.load`` does with a plugin's class: create it."""
    class PlantedPlugin(FeaturePlugin, p.SingletonPlugin):
        for interface in interfaces or (p.IActions, p.IAuthFunctions, p.IPackageController):
            p.implements(interface, inherit=True)
    PlantedPlugin.features = features
    return PlantedPlugin(name="planted")


def test_a_good_feature_loads_and_is_wired(tmp_path, monkeypatch):
    plugin = _load(_plant(tmp_path, monkeypatch))
    assert list(plugin.features.actions()) == ["planted_thing_show"]
    assert list(plugin.features.auth_functions()) == ["planted_thing_show"]
    assert plugin.before_dataset_index({"id": "x"}) == {"id": "x"}


def test_a_misspelled_hook_name_fails_the_load_naming_it(tmp_path, monkeypatch):
    features = _plant(tmp_path, monkeypatch, **{"feature.py": """
        from ckanext.tdpf.features import Feature
        from . import before_dataset_index
        FEATURE = Feature(provides=("actions", "auth"),
                          hooks={"before_dataset_indx": before_dataset_index})
    """})
    with pytest.raises(FeatureError, match=r"\.planted: unknown hook 'before_dataset_indx'"):
        _load(features)


@pytest.mark.parametrize(("files", "message"), [
    ({"feature.py": """
        from ckanext.tdpf.features import Feature
        FEATURE = Feature(provides=("actions", "auth"),
                          hooks={"before_dataset_index": "before_dataset_index"})
     """}, r"hook 'before_dataset_index' is not callable \(str\)"),
    ({"__init__.py": "", "feature.py": """
        from ckanext.tdpf.features import Feature
        FEATURE = Feature(provides=("actions", "auth", "blueprints"))
     """}, r"provides 'blueprints' but h4planted\d+\.planted\.views does not exist"),
    ({"auth.py": None, "feature.py": """
        from ckanext.tdpf.features import Feature
        from . import before_dataset_index
        FEATURE = Feature(provides=("actions",),
                          hooks={"before_dataset_index": before_dataset_index})
     """}, r"action planted_thing_show has no auth function planted_thing_show"),
    ({"feature.py": """
        from ckanext.tdpf.features import Feature
        FEATURE = Feature(provides=("actions", "auth"))
     """}, r"defines before_dataset_index\(\) but FEATURE does not declare it"),
    ({"helpers.py": "__all__ = []\n"},
     r"helpers\.py exists but FEATURE does not declare 'helpers'"),
    ({"auth.py": "__all__ = ['planted_thing_show', 'planted_thing_list']\n"
                 "def planted_thing_show(context, data_dict):\n    return {}\n"},
     r"planted\.auth: __all__ names undefined planted_thing_list"),
    ({"feature.py": None}, r"no feature\.py with FEATURE = Feature"),
    ({"feature.py": """
        from ckanext.tdpf.features import Feature
        FEATURE = Feature(provides=("actions", "auth", "facets"))
     """}, r"unknown part 'facets' in provides"),
], ids=["hook-not-callable", "declared-module-missing", "action-without-auth",
        "hook-not-declared", "module-not-declared", "all-names-undefined",
        "no-declaration", "unknown-part"])
def test_a_wiring_mistake_fails_the_load_naming_it(tmp_path, monkeypatch, files, message):
    features = _plant(tmp_path, monkeypatch, **files)
    with pytest.raises(FeatureError, match=message):
        _load(features)


def test_a_hook_of_an_interface_the_plugin_lacks_fails_the_load(tmp_path, monkeypatch):
    features = _plant(tmp_path, monkeypatch)
    with pytest.raises(FeatureError, match=r"declares 'before_dataset_index' but PlantedPlugin "
                                           r"does not implement IPackageController"):
        _load(features, p.IActions, p.IAuthFunctions)


def test_a_chained_core_action_needs_no_auth_function_of_its_own(tmp_path, monkeypatch):
    features = _plant(tmp_path, monkeypatch, **{"actions.py": """
        import ckan.plugins.toolkit as tk
        __all__ = ["planted_thing_show", "package_show"]
        def planted_thing_show(context, data_dict):
            return {}
        @tk.chained_action
        def package_show(up_func, context, data_dict):
            return up_func(context, data_dict)
    """})
    assert set(_load(features).features.actions()) == {"planted_thing_show", "package_show"}


@pytest.mark.parametrize("features", [TRUST, MARKET, COMMUNITY],
                         ids=["trust", "market", "community"])
def test_the_shipped_features_declare_what_they_provide(features):
    features.check()
    assert {item.name for item in features.loaded} == set(features.names)
    # every hook CKAN calls reaches at least one feature of the bundle
    assert all(list(TRUST.hooks(h)) or list(MARKET.hooks(h)) for h in HOOKS)


@pytest.mark.skipif(not (p.plugin_loaded("tdpf_trust") and p.plugin_loaded("tdpf_market")),
                    reason="the declarations of plugins that are not loaded reach nothing")
def test_the_loaded_plugins_carry_the_declared_wiring():
    """The running site has the features' actions and signals: what the
    declarations say reaches CKAN."""
    for features in (TRUST, MARKET):
        for name in features.exports("actions"):
            assert tk.get_action(name)
    assert tk.signals.failed_login in TRUST.signal_subscriptions()  # mfa counts them
    assert tk.signals.failed_login.receivers
