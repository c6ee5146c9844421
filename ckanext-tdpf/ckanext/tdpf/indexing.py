"""What the tdpf plugin adds to a dataset's search document.

CKAN indexes the unvalidated package (extras as strings), so list fields
stored as JSON are expanded here into real lists: facets then count each
municipality or theme separately."""
from __future__ import annotations

from typing import Any

from . import datarate, prefetch
from .vocab import municipality
from .vocab.lists import as_list

# Schema fields stored as JSON lists.
LIST_FIELDS = ("municipality_codes", "theme", "focus_area", "language",
               "trading_policy_use_application")


def before_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    for field in LIST_FIELDS:
        if pkg_dict.get(field):
            pkg_dict[field] = as_list(pkg_dict[field])
    codes = pkg_dict.get("municipality_codes") or []
    if codes:
        # Names make 「千代田区」 find datasets tagged only with 131016.
        names = [municipality.label(c) for c in codes]
        pkg_dict["text"] = [*as_list(pkg_dict.get("text") or []), *names]
    # Sortable and facetable data rate (computed from the validated dict,
    # before the defaults below: a default earns no points).
    pkg_dict.update(datarate.index_fields(pkg_dict))
    pkg_dict.setdefault("access_rights", "PUBLIC")
    if not pkg_dict.get("provider_type") and pkg_dict.get("owner_org"):
        provider = _organisation_provider_type(pkg_dict["owner_org"])
        if provider:
            pkg_dict["provider_type"] = provider
    return pkg_dict


def _organisation_provider_type(org_id: str) -> str | None:
    """A dataset without its own provider type inherits its publisher's."""
    return _provider_type(org_id)


def _provider_type_one(org_id: str) -> str | None:
    from ckan import model
    org = model.Group.get(org_id)
    return (getattr(org, "extras", None) or {}).get("provider_type") if org else None


# datasets of a chunk being indexed share a few organisations
_provider_type = prefetch.Lookup(_provider_type_one)
