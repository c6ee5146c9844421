"""Typed getters of the scan options (defaults in config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf_trust.scan.enabled"))


def max_bytes() -> int:
    return int(tk.config.get("ckanext.tdpf_trust.scan.max_bytes"))


def json_max_bytes() -> int:
    return int(tk.config.get("ckanext.tdpf_trust.scan.json_max_bytes"))


def block_pending() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf_trust.scan.block_pending"))


def rescan_days() -> int:
    return int(tk.config.get("ckanext.tdpf_trust.scan.rescan_days"))
