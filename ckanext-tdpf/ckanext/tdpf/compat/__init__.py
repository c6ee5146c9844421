"""Every use of CKAN, SQLAlchemy or ckanext-harvest internals, one module per
patched (or privately used) thing.

Each module's docstring says what it replaces and why, ``REPLACES`` names
it in a few words; its ``WRITTEN_FOR`` names the versions it was written
against (the ones pinned in requirements.txt) and ``IF_OTHER_VERSION`` what
happens on any other:

* ``KEEP_ON_OTHER_VERSIONS = False`` (a fast path, a bug fix): the patch is
  not applied and CKAN's own code runs;
* ``True``: the patch does not depend on the internals' details (or the
  site cannot work without it) and stays on.

Either way ONE warning per process names the module. ``install()`` (from
the core plugin's update_config, so after CKAN is configured, never at
import) applies the modules; code that uses a module's fast path asks
:func:`active` first.
"""
from __future__ import annotations

import functools
import importlib
import logging
from importlib import metadata
from types import ModuleType

log = logging.getLogger(__name__)

# Add a module here when adding one to this package.
MODULES = (
    # search
    "search_connection", "solr_schema_check", "search_rebuild", "package_dictize",
    "package_name_validator", "harvest_index_hook",
    # validation, lookups, signals
    "navl_validate", "model_lookups", "held_signals",
    # web
    "url_is_local", "resource_history", "activity_paging", "csrf_exemption",
    "dcat_content_types", "activity_snapshots", "login_completion", "user_page_variables",
    "action_registry",
    # DataStore and its datatables view
    "datatables_search_text", "datastore_text_search",
    # ckanext-harvest
    "harvest_queue", "harvest_db_log", "harvest_report_status",
)

# the distributions a module can be written against
_DISTRIBUTIONS = {"ckan": "ckan", "ckanext-harvest": "ckanext-harvest",
                  "sqlalchemy": "SQLAlchemy", "ckanext-dcat": "ckanext-dcat"}

_decided: dict[str, bool] = {}


@functools.cache
def installed_versions() -> dict[str, str | None]:
    """The running version of each distribution (None: not installed)."""
    found: dict[str, str | None] = {}
    for name, dist in _DISTRIBUTIONS.items():
        try:
            found[name] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def _differences(mod: ModuleType) -> list[str] | None:
    """What runs other than ``WRITTEN_FOR``; None if a distribution it
    patches is not installed at all (then there is nothing to patch)."""
    running = installed_versions()
    out = []
    for dist, version in mod.WRITTEN_FOR.items():
        if running.get(dist) is None:
            return None
        if running[dist] != version:
            out.append(f"{dist} {running[dist]} (written for {version})")
    return out


def active(name: str) -> bool:
    """Whether module ``name``'s patch applies here: the versions it was
    written for run (or it is kept on others). Warns once per process."""
    decided = _decided.get(name)
    if decided is None:
        mod = module(name)
        differences = _differences(mod)
        if differences is None:
            decided = False
        elif not differences:
            decided = True
        else:
            decided = bool(getattr(mod, "KEEP_ON_OTHER_VERSIONS", False))
            log.warning("ckanext.tdpf.compat.%s (%s) %s on %s. %s", name, mod.REPLACES,
                        "kept on" if decided else "switched off",
                        ", ".join(differences), mod.IF_OTHER_VERSION)
        _decided[name] = decided
    return decided


def install() -> None:
    for name in MODULES:
        mod = module(name)
        on = active(name)
        if hasattr(mod, "install"):
            mod.install(on)


def reset() -> None:
    """Decide again (tests that fake another version)."""
    _decided.clear()
    installed_versions.cache_clear()
