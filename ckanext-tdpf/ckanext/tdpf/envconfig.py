"""Environment overrides for any option: ``CKAN__SITE_TITLE`` sets
``ckan.site_title`` and ``CKANEXT__TDPF__SEARCH__BACKEND`` sets
``ckanext.tdpf.search.backend`` (``__`` separates, case-insensitive).
CKAN itself only reads a fixed list (CKAN_SQLALCHEMY_URL, ...).

They are applied in the core plugin's ``update_config``, after CKAN has
turned the ini's values into their declared types (``config_declaration``:
int, bool, list...), so each override goes through the same declarations:
``CKANEXT__TDPF__OUTBOUND__ALLOW_HOSTS=127.0.0.1`` is the list
``["127.0.0.1"]``, as that line in the ini would be, not a string."""
from __future__ import annotations

import os
from typing import Any, Mapping, MutableMapping

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
    if applied:
        _as_declared(config, applied)
    return applied


def _as_declared(config: MutableMapping[str, Any], names: list[str]) -> None:
    """Give ``names`` the values CKAN's start-up makes of the same text in
    the ini: its own two steps (``make_safe``: null values; ``normalize``:
    declared types; a value its validators refuse stays text, and CKAN's
    start-up check reports it), run on a copy so that nothing else moves."""
    from ckan.common import config_declaration as declaration

    if not len(declaration):  # not set up: no CKAN around (a bare script)
        return
    scratch = dict(config)
    declaration.make_safe(scratch)
    declaration.normalize(scratch)
    for name in names:
        config[name] = scratch[name]
