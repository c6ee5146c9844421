"""Gated access: URL hiding, the authorised download route, signed URLs, the access log."""
from __future__ import annotations

from .hiding import UNMASKED, Viewer, mask, strip_index_urls, user_of


def after_dataset_show(context, pkg_dict) -> None:
    # The search indexer's own package_show (validate=False) must keep the
    # real dict: package_show serves providers from that stored copy.
    if context.get("validate") is False or context.get(UNMASKED):
        return
    mask(pkg_dict, Viewer(user_of(context)))


def before_dataset_index(pkg_dict):
    return strip_index_urls(pkg_dict)
