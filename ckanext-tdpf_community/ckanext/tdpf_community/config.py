"""Typed access to the tdpf_community plugin's options (declared in
config_declaration.yaml, which holds the defaults)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def posts_per_hour() -> int:
    return tk.config.get("ckanext.tdpf_community.posts_per_hour")


def max_links() -> int:
    return tk.config.get("ckanext.tdpf_community.max_links")


def repeat_hours() -> int:
    return tk.config.get("ckanext.tdpf_community.repeat_hours")


def max_length() -> int:
    return tk.config.get("ckanext.tdpf_community.max_length")
