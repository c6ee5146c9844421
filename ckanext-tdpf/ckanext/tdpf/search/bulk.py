"""``ckan.lib.search.rebuild`` in chunks, for the PostgreSQL backend.

Every dataset still goes through CKAN's own indexing call
(``logic.index_update_package``: package_show, both schemas, the
after_dataset_show and before_dataset_index hooks, the index document),
so the rows are the ones a single update writes. Per chunk of datasets,
what that call would ask the database once per dataset is asked once:

* the packages (then found in the session by package_show and CKAN's
  permission labels) and what package_dictize reads
  (compat/package_dictize.py, and the name check of the validation:
  compat/package_name_validator.py);
* the lookups of the core's hooks (ckanext.tdpf.prefetch), and whatever
  the plugins implementing ``IBulkIndexLookups`` prefetch for theirs;
* the index rows, one multi-row upsert (batch.py).
"""
from __future__ import annotations

import contextlib
import gc
import logging
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from typing import Any, cast

import ckan.plugins as p
from ckan import logic, model
from ckan.common import config
from ckan.lib import search

from .. import config as tdpf_config
from .. import prefetch
from ..compat import package_dictize, package_name_validator, search_rebuild
from ..interfaces import IBulkIndexLookups
from . import batch

log = logging.getLogger(__name__)


def ckan_rebuild(*args: Any, **kwargs: Any) -> None:
    """CKAN's own ``rebuild``, one dataset at a time."""
    return search_rebuild.original(*args, **kwargs)


def rebuild(package_id: str | None = None, only_missing: bool = False,
            force: bool = False, defer_commit: bool = False,
            package_ids: Collection[str] | None = None, quiet: bool = False,
            clear: bool = False) -> None:
    """Same arguments and effect as CKAN's ``rebuild``."""
    if package_id:
        return ckan_rebuild(package_id, only_missing=only_missing, force=force,
                            defer_commit=defer_commit, quiet=quiet, clear=clear)
    log.info("Rebuilding search index...")
    if package_ids is not None:
        index_many(list(package_ids), defer_commit=True, force=False)
    else:
        ids = ids_to_index(only_missing, clear)
        if ids is None:
            return None
        index_many(ids, defer_commit=defer_commit, force=force, progress=not quiet)
    model.Session.commit()
    log.info("Finished rebuilding search index.")


def index_slice(ids: list[str], force: bool, on_chunk: Callable[[int], None]) -> None:
    """A rebuild worker's share: committed chunk by chunk, ``on_chunk(n)``
    after each; whoever ends the whole rebuild commits the search index
    (ckan.lib.search.commit: the GIN pending lists merged, see batch.py)."""
    size = tdpf_config.search_rebuild_chunk()
    for start in range(0, len(ids), size):
        part = ids[start:start + size]
        index_many(part, defer_commit=True, force=force)
        model.Session.commit()
        on_chunk(len(part))


def ids_to_index(only_missing: bool, clear: bool) -> list[str] | None:
    """CKAN's choice of datasets for a whole rebuild."""
    packages = model.Session.query(model.Package.id)
    if config.get("ckan.search.remove_deleted_packages"):
        packages = packages.filter(model.Package.state != "deleted")
    ids = [r[0] for r in packages.all()]
    if only_missing:
        log.info("Indexing only missing packages...")
        indexed = set(search.query_for(model.Package).get_all_entity_ids(
            max_results=len(ids)))
        ids = [i for i in ids if i not in indexed]
        if not ids:
            log.info("All datasets are already indexed")
            return None
    else:
        log.info("Rebuilding the whole index...")
        if clear:
            search.index_for(model.Package).clear()
    return ids


def index_many(ids: list[str], defer_commit: bool, force: bool,
               progress: bool = False, chunk_size: int | None = None) -> None:
    size = chunk_size or tdpf_config.search_rebuild_chunk()
    context: Any = {"ignore_auth": True}
    with _long_lived_left_alone():
        _index_chunks(ids, size, context, defer_commit, force, progress)


def _index_chunks(ids: list[str], size: int, context: Any, defer_commit: bool,
                  force: bool, progress: bool) -> None:
    for start in range(0, len(ids), size):
        part = ids[start:start + size]
        # held here so package_show and the permission labels find them
        pkgs = model.Session.query(model.Package).filter(model.Package.id.in_(part)).all()
        with batch.collecting(), prefetch.chunk([pkg.id for pkg in pkgs]), \
                package_dictize.serving(pkgs), package_name_validator.answering(pkgs), \
                _plugins_lookups([pkg.id for pkg in pkgs]):
            for n, pkg_id in enumerate(part, start + 1):
                if progress:
                    sys.stdout.write(f"\rIndexing dataset {n}/{len(ids)}")
                    sys.stdout.flush()
                _index_one(context, pkg_id, defer_commit, force)
        del pkgs


@contextlib.contextmanager
def _plugins_lookups(package_ids: list[str]) -> Iterator[None]:
    """What the plugins implementing IBulkIndexLookups prefetch for these."""
    with contextlib.ExitStack() as stack:
        for plugin in p.PluginImplementations(IBulkIndexLookups):
            lookups = plugin.bulk_index_lookups(package_ids)
            if lookups is not None:
                stack.enter_context(cast(AbstractContextManager[None], lookups))
        yield


@contextlib.contextmanager
def _long_lived_left_alone() -> Iterator[None]:
    """The objects that exist already (the application's, some 300,000) are
    left out of the garbage collector's full passes meanwhile: indexing
    allocates enough to trigger several, each walking all of them. Not if
    something else froze objects already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _index_one(context: Any, pkg_id: str, defer_commit: bool, force: bool) -> None:
    """CKAN's loop body: the dataset through CKAN's own indexing call."""
    try:
        logic.index_update_package(context, pkg_id, defer_commit)
    except Exception as e:
        log.error("Error while indexing dataset %s: %s", pkg_id, repr(e))  # noqa: TRY400 - CKAN's
        if not force:
            _write_pending()
            raise
        log.error(search.text_traceback())  # noqa: TRY400 - as CKAN's loop logs it


def _write_pending() -> None:
    """The rows of the chunk's datasets before a failing one: one by one,
    CKAN would have written them already (the caller may commit them)."""
    try:
        batch.flush()
    except Exception:  # e.g. the failure aborted the transaction
        log.warning("Rows indexed before the failure not written", exc_info=True)
