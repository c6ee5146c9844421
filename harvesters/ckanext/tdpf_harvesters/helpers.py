"""Template helpers of the harvesters."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import duplicates, overlay_views

__all__ = ["package_count_for_source", "tdpf_harvest_also_in", "tdpf_harvest_source_counts",
           "tdpf_harvest_overlay"]


def tdpf_harvest_also_in(package_id: str) -> list[dict]:
    """Other catalogs publishing the same dataset: dicts with name, title,
    catalog, page_url, canonical (see duplicates.also_in)."""
    return duplicates.also_in(package_id) if package_id else []


def tdpf_harvest_source_counts(source_id: str) -> dict[str, int]:
    """What a source holds (its active records) and how many of them are
    shown under another catalog's record (duplicates, hidden in search)."""
    return duplicates.source_counts(source_id) if source_id else {"held": 0, "elsewhere": 0}


@tk.chained_helper
def package_count_for_source(_next, source_id: str) -> int:
    """ckanext-harvest's count on the source page counted what search shows,
    so a source whose records are all duplicates showed 「データセット 0」:
    what the source holds instead (tdpf_harvest_source_counts tells how many
    are shown under another catalog's record)."""
    return tdpf_harvest_source_counts(source_id)["held"]


def tdpf_harvest_overlay(package_id: str) -> list[dict] | None:
    """The corrections of a harvested dataset (label, harvested, ours as
    text) for those who may correct it; None for others and other datasets."""
    return overlay_views.corrections(package_id) if package_id else None
