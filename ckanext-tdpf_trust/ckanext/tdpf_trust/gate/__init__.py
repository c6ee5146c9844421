"""The publication gate: what stops a dataset becoming (or staying) public.

A dataset cannot become public (package_create with ``private`` false,
package_update/patch to public or from draft to active, bulk_update_public)
and cannot gain or change a resource, or move to another organisation,
while public (resource_create/update/patch, package_update/patch with
changed resources or ``owner_org``) while any feature reports a problem:
each feature module may define ``publication_problems(pkg_dict) -> list[str]``
(translated messages; empty means no objection), asked in :data:`FEATURES`
order with the dataset as it would be public; a dataset public before the
change carries :data:`ALREADY_PUBLIC` true. The refusal is one ``ValidationError`` on ``private``
listing every problem, and nothing is written.

The check needs the dataset as saved (resources as stored, a warranty given
in the same call), so the chained actions run the core action with
``defer_commit``, look at the result, and then index and commit, or roll
back. Exempt: harvested records (``warranty.is_harvested``: their source
catalog is responsible) and packages that are not datasets (harvest
sources). There is no other bypass: sysadmins and internal calls
(``ignore_auth``) go through the gate like anyone; internal code that
publishes a dataset passes a warranty (``tdpf_warranty_attestation``) or
calls ``tdpf_warranty_create`` first (the demo loader, test factories).

A warranty given in the same call: package_create/update/patch and
resource_create/update/patch accept ``tdpf_warranty_attestation``, an object
of the five statements of ``tdpf_warranty_create`` (each ``true``) and
optionally ``personal_data_kind``; it is checked like that action (editors
and admins of the organisation) and covers the dataset as saved by the call.
The resource form sends the statements as ``tdpf_attest_<name>`` fields.
"""
from __future__ import annotations

from typing import cast

import ckan.plugins.toolkit as tk
from ckan.types import Context

FEATURES = ("warranty", "scan", "review", "suspension", "tombstone")
ALREADY_PUBLIC = "tdpf_gate_already_public"


def problems(pkg_dict: dict, already_public: bool = False) -> list[str]:
    """Every feature's objection to ``pkg_dict`` being public."""
    from ..registry import FEATURES as ALL

    if already_public:
        pkg_dict = {**pkg_dict, ALREADY_PUBLIC: True}
    out: list[str] = []
    for name in FEATURES:
        func = getattr(ALL.module(name), "publication_problems", None)
        if func is not None:
            out.extend(func(pkg_dict))
    return out


def is_public(pkg_dict: dict) -> bool:
    return (not tk.asbool(pkg_dict.get("private") or False)
            and (pkg_dict.get("state") or "active") == "active")


def show_stored(context: Context, package_id: str) -> dict:
    """The dataset as stored now (this transaction included: not the
    index's copy), whoever asks; for the trust actions' own checks."""
    if not package_id:
        raise tk.ValidationError({"id": [tk._("Missing value")]})
    # the caller's user as given, None included (Context says str)
    return tk.get_action("package_show")(cast("Context", {
        "ignore_auth": True, "user": context.get("user"), "for_update": True,
        "use_cache": False}), {"id": package_id})


def reindex_and_commit(context: Context, package_id: str) -> None:
    """Index the dataset and commit, unless the caller defers its commit
    (then indexing is the caller's business, as with core actions)."""
    if context.get("defer_commit"):
        return
    from ckan import logic, model

    logic.index_update_package_dicts(logic.package_show_default_and_custom_schemas(
        cast("Context", {"ignore_auth": True, "user": context.get("user")}), package_id))
    model.repo.commit()
