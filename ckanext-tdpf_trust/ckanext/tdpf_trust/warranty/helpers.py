"""Template helpers of the warranty feature."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .rules import attestation_texts

__all__ = ["tdpf_warranty_form_for"]


def tdpf_warranty_form_for(package_name: str | None) -> dict[str, str] | None:
    """The statements to confirm in the resource form of a public dataset
    (its data changes only with a new warranty); None when not needed."""
    if not package_name:
        return None
    try:
        pkg = tk.get_action("package_show")({"for_update": True}, {"id": package_name})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    if pkg.get("private") or pkg.get("state") != "active" \
            or (pkg.get("tdpf_warranty") or {}).get("harvested"):
        return None
    return attestation_texts()
