"""Typed access to the tdpf plugin's options (declared in
config_declaration.yaml, which holds the defaults)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def search_backend() -> str:
    return tk.config.get("ckanext.tdpf.search.backend")


def doctor_redis_timeout() -> int:
    return tk.config.get("ckanext.tdpf.doctor.redis_timeout")
