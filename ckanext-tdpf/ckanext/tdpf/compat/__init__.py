"""Patches of CKAN internals, one module per patched thing; each module's
docstring says what it replaces and why, and its ``CKAN_VERSION`` the CKAN
release it was written for. ``install()`` (from the core plugin's
update_config, so after CKAN is configured, never at import) applies each
one whose version matches the running CKAN and warns about the others: an
upgrade shows what to look at again instead of patching blindly."""
from __future__ import annotations

import importlib
import logging

import ckan

log = logging.getLogger(__name__)

# Add a module here when adding one to this package.
MODULES = ("url_is_local", "resource_history", "activity_paging", "csrf_exemption",
           "dcat_content_types")


def install() -> None:
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        if ckan.__version__.startswith(module.CKAN_VERSION):
            module.install()
        else:
            log.warning("ckanext.tdpf.compat.%s was written for CKAN %s, not %s: skipped",
                        name, module.CKAN_VERSION, ckan.__version__)
