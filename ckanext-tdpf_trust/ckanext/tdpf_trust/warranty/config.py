"""Typed getters of the warranty options (defaults in config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def terms_version() -> str:
    return str(tk.config.get("ckanext.tdpf_trust.warranty.terms_version"))
