"""Environment overrides for any option: ``CKAN__SITE_TITLE`` sets
``ckan.site_title`` and ``CKANEXT__TDPF__SEARCH__BACKEND`` sets
``ckanext.tdpf.search.backend`` (``__`` separates, case-insensitive).
CKAN itself only reads a fixed list (CKAN_SQLALCHEMY_URL, ...)."""
from __future__ import annotations

import os
from typing import Mapping, MutableMapping

PREFIXES = ("CKAN__", "CKANEXT__")


def option_name(var: str) -> str | None:
    for prefix in PREFIXES:
        if var.upper().startswith(prefix):
            head = prefix[:-2].lower()
            rest = var[len(prefix):].lower().split("__")
            return ".".join([head] + rest)
    return None


def apply(config: MutableMapping[str, object],
          environ: Mapping[str, str] | None = None) -> list[str]:
    """Copy overrides into ``config``; returns the option names set."""
    environ = os.environ if environ is None else environ
    applied = []
    for var, value in environ.items():
        name = option_name(var)
        if name:
            config[name] = value
            applied.append(name)
    return applied
