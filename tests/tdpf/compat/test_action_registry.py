"""compat/action_registry.py: every registered action, from CKAN's private
registry on the pinned version and, on another, from CKAN's action modules
and the IActions plugins: the same actions, resolved to the same functions
(so the API description does not lose or change an operation)."""
from __future__ import annotations

from ckanext.tdpf import compat
from ckanext.tdpf.compat import action_registry


def test_fallback_lists_the_same_actions_as_ckans_registry(app, monkeypatch):
    monkeypatch.setitem(compat._decided, "action_registry", True)
    ckans = action_registry.actions()
    monkeypatch.setitem(compat._decided, "action_registry", False)
    public = action_registry.actions()
    assert any(name.startswith("tdpf_") for name in ckans)
    assert sorted(public) == sorted(ckans)
    assert all(public[name] is ckans[name] for name in ckans)
