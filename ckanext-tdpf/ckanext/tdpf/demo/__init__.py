"""Demo catalog loaded by `make serve`.

``catalog.json`` next to this module holds Tokyo-area organisations and
datasets in plain ``organization_create`` / ``package_create`` form.
``load()`` creates whatever is missing through CKAN's action API, so it can be
run on every start: a second run only looks things up and creates nothing.
Call it inside a CKAN app context (e.g. from a ``ckan`` CLI command).
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ..interfaces import IDemoPublication

__all__ = ["catalog", "load"]

BATCH = 10  # datasets per progress line


def catalog() -> dict[str, list[dict[str, Any]]]:
    """The parsed fixture: ``{"organizations": [...], "datasets": [...]}``."""
    text = resources.files(__name__).joinpath("catalog.json").read_text("utf-8")
    return json.loads(text)


def _exists(action: str, name: str, context: Context, **extra: Any) -> bool:
    try:
        tk.get_action(action)(context.copy(), {"id": name, **extra})
    except tk.ObjectNotFound:
        return False
    return True


def _create_dataset(context: Context, pkg: dict[str, Any]) -> None:
    """Create the dataset. When plugins require something before publication
    (``IDemoPublication``: the trust plugin's warranty), a public dataset is
    created private, handed to them, then published."""
    preparers = list(p.PluginImplementations(IDemoPublication))
    if not preparers or pkg.get("private", False):
        tk.get_action("package_create")(context.copy(), pkg)
        return
    made = tk.get_action("package_create")(context.copy(), dict(pkg, private=True))
    for plugin in preparers:
        plugin.demo_before_publish(context.copy(), made, pkg)
    tk.get_action("package_patch")(context.copy(), {"id": made["id"], "private": False})


def load(user_name: str, echo: Callable[[str], Any] = print) -> dict[str, int]:
    """Create the demo organisations and datasets that do not exist yet.

    ``user_name`` becomes the creator (and organisation admin); auth checks
    are skipped. Returns counts of what was created plus the dataset total.
    """
    data = catalog()
    # Actions mutate their context, so each call gets a fresh copy.
    context: Context = {"user": user_name, "ignore_auth": True}

    orgs_created = 0
    for org in data["organizations"]:
        if not _exists("organization_show", org["name"], context,
                       include_datasets=False, include_users=False):
            tk.get_action("organization_create")(context.copy(), copy.deepcopy(org))
            orgs_created += 1
    echo(f"demo: {len(data['organizations'])} organisations ({orgs_created} new)")

    datasets = data["datasets"]
    created = 0
    for i, pkg in enumerate(datasets, 1):
        if not _exists("package_show", pkg["name"], context):
            _create_dataset(context, copy.deepcopy(pkg))
            created += 1
        if i % BATCH == 0 or i == len(datasets):
            echo(f"demo: {i}/{len(datasets)} datasets ({created} new)")

    return {"organizations_created": orgs_created,
            "datasets_created": created,
            "datasets_total": len(datasets)}
