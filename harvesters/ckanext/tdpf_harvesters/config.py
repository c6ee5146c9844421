"""Typed access to the harvesters' options (defaults in config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def presets_file() -> str:
    return tk.config.get("ckanext.tdpf_harvesters.presets")


def claim_seconds() -> int:
    return tk.config.get("ckanext.tdpf_harvesters.claim_seconds")


def import_batch_size() -> int:
    return max(1, tk.config.get("ckanext.tdpf_harvesters.import_batch_size"))


def import_workers() -> int:
    return tk.config.get("ckanext.tdpf_harvesters.import_workers")


def import_worker_max_rss_mb() -> int:
    return tk.config.get("ckanext.tdpf_harvesters.import_worker_max_rss_mb")


def lease_seconds() -> int:
    return max(3, tk.config.get("ckanext.tdpf_harvesters.lease_seconds"))


def probe_timeout() -> int:
    return max(1, tk.config.get("ckanext.tdpf_harvesters.probe_timeout"))
