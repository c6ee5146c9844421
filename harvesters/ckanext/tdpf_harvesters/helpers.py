"""Template helpers of the harvesters."""
from __future__ import annotations

from . import duplicates

__all__ = ["tdpf_harvest_also_in"]


def tdpf_harvest_also_in(package_id: str) -> list[dict]:
    """Other catalogs publishing the same dataset: dicts with name, title,
    catalog, page_url, canonical (see duplicates.also_in)."""
    return duplicates.also_in(package_id) if package_id else []
