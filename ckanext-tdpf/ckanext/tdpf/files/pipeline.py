"""The pipeline's job: one resource's file, fetched (or read from storage)
once per version, fingerprinted, analysed on that one copy.

A remote file is asked for with the ETag / Last-Modified of its last
fetch; a 304 means nothing to do. A 200 whose sha256 is a version already
analysed is not analysed again. Only analysers that have no result for
the version yet (one added since) make an unchanged file be read again.
A per-resource Redis lock keeps two workers (the pipeline's and the trust
scan's, which asks it) from fetching the same file at once."""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from ckan import model

from .. import clock, conditions, outbound
from .. import config as tdpf_config
from . import analysers as _analysers
from . import tables
from .model import (
    CHECKED,
    ERROR,
    NOT_TABULAR,
    QUEUED,
    TOO_LARGE,
    UNREACHABLE,
    FileState,
    FileVersion,
)

log = logging.getLogger(__name__)

__all__ = ["Outcome", "process", "source_of", "takes"]


class Outcome(dict):
    """What :func:`process` did: ``state``, ``message``, ``fetched`` (a
    full download happened), ``analysed`` (analysers ran), ``version``
    (:class:`FileVersion` id or None)."""


def _resource_dict(res: model.Resource) -> dict[str, Any]:
    return {**(res.extras or {}), "id": res.id, "url": res.url, "url_type": res.url_type,
            "format": res.format, "size": res.size, "name": res.name,
            "last_modified": res.last_modified and res.last_modified.isoformat(),
            "package_id": res.package_id}


def _package_dict(pkg: model.Package) -> dict[str, Any]:
    return {**(pkg.extras or {}), "id": pkg.id, "name": pkg.name, "private": pkg.private,
            "owner_org": pkg.owner_org, "title": pkg.title}


def source_of(resource: dict[str, Any]) -> str | None:
    """What the pipeline reads for this resource; a new upload changes its
    ``last_modified``. None: nothing it can read."""
    if resource.get("url_type") == "upload":
        return f"upload:{resource.get('size')}:{resource.get('last_modified')}"
    url = (resource.get("url") or "").strip()
    if url.lower().startswith(("http://", "https://")):
        return f"url:{url}"
    return None


def takes(pkg: model.Package, resource: dict[str, Any]) -> bool:
    """A tabular resource the pipeline reads: an upload of any dataset; a
    remote file of a public dataset (harvested records are public ones);
    a private dataset's remote files once it is made public."""
    if pkg.state != "active" or resource.get("state", "active") != "active":
        return False
    if tables.declared_format(resource) is None:
        return False
    source = source_of(resource)
    return source is not None and (source.startswith("upload:") or not pkg.private)


# -- locking -------------------------------------------------------------------
@contextlib.contextmanager
def _locked(resource_id: str, wait: float) -> Iterator[bool]:
    """Hold the resource's lock (True) or report it busy after ``wait`` s."""
    from ckan.lib.redis import connect_to_redis
    redis = connect_to_redis()
    lock = redis.lock(f"tdpf:files:lock:{resource_id}",
                      timeout=tdpf_config.files_job_timeout() + 60, blocking_timeout=wait)
    got = lock.acquire(blocking=wait > 0)
    try:
        yield bool(got)
    finally:
        if got:
            with contextlib.suppress(Exception):
                lock.release()


# -- reading the file ------------------------------------------------------------
class _Read:
    """The local copy of this run, or why there is none."""

    def __init__(self, path: str | None = None, temporary: bool = False,
                 state: str = CHECKED, message: str = "", not_modified: bool = False,
                 etag: str = "", last_modified: str = "", encoding: str | None = None):
        self.path, self.temporary, self.state, self.message = path, temporary, state, message
        self.not_modified, self.etag, self.last_modified = not_modified, etag, last_modified
        self.encoding = encoding

    def discard(self) -> None:
        if self.temporary and self.path:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def _read_upload(resource: dict[str, Any]) -> _Read:
    from ckan.lib.uploader import get_resource_uploader
    path = get_resource_uploader(resource).get_path(resource["id"])
    if not os.path.exists(path):
        return _Read(state=ERROR, message="the uploaded file is missing from storage")
    size = os.path.getsize(path)
    if size > tdpf_config.files_max_bytes():
        return _Read(state=TOO_LARGE, message=f"{size:,} bytes exceed the limit of "
                                              f"{tdpf_config.files_max_bytes():,} bytes")
    return _Read(path=path)


def _read_url(url: str, state: FileState | None, conditional: bool) -> _Read:
    headers = {}
    if conditional and state is not None and state.version_id is not None:
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
    policy = outbound.Policy.from_config()
    fd, path = tempfile.mkstemp(prefix="tdpf-file-", dir=tdpf_config.files_dir() or None)
    read = _Read(path=path, temporary=True)
    try:
        with os.fdopen(fd, "wb") as sink:
            resp = outbound.fetch(url, policy=policy, headers=headers, sink=sink,
                                  max_bytes=tdpf_config.files_max_bytes(),
                                  timeout=tdpf_config.files_fetch_timeout())
    except outbound.TooLarge as e:
        read.discard()
        return _Read(state=TOO_LARGE, message=str(e)[:500])
    except (outbound.OutboundRefused, outbound.FetchError, OSError) as e:
        read.discard()
        return _Read(state=UNREACHABLE, message=str(e)[:500])
    read.etag = resp.headers.get("ETag", "") or ""
    read.last_modified = resp.headers.get("Last-Modified", "") or ""
    read.encoding = resp.encoding
    if resp.status == 304:
        read.discard()
        read.path, read.not_modified = None, True
    return read


def _sha256(path: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# -- analysing -----------------------------------------------------------------
def _levels(results: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    levels = (results.get("readability") or {}).get("levels") or {}
    return levels.get("L1"), levels.get("L2"), levels.get("L3")


def _analyse(version: FileVersion, copy: _analysers.Copy, only: set[str] | None) -> None:
    """Run the analysers (all, or those in ``only``) and store each result."""
    results, errors = dict(version.results or {}), dict(version.errors or {})
    started = time.monotonic()
    for name, analyser in _analysers.all_analysers().items():
        if only is not None and name not in only:
            continue
        try:
            result = analyser(copy)
        except Exception as e:  # noqa: BLE001 - one analyser's failure is its own
            log.exception("analyser %s failed on resource %s", name, copy.resource.get("id"))
            model.Session.rollback()  # whatever it half-wrote
            errors[name] = f"{type(e).__name__}: {e}"[:1000]
            results.pop(name, None)
            continue
        errors.pop(name, None)
        results[name] = result
    version = model.Session.merge(version)
    version.results, version.errors = results, errors
    version.seconds = (version.seconds or 0.0) + time.monotonic() - started
    version.l1, version.l2, version.l3 = _levels(results)


def _missing(version: FileVersion | None) -> set[str]:
    """Analysers with neither a result nor an error for this version."""
    if version is None:
        return set(_analysers.all_analysers())
    done = set(version.results or {}) | set(version.errors or {})
    return set(_analysers.all_analysers()) - done


# -- the job -----------------------------------------------------------------------
def _state_row(res: model.Resource) -> FileState:
    row = model.Session.get(FileState, res.id)
    if row is None:
        row = FileState(resource_id=res.id, package_id=res.package_id, state=QUEUED,
                        source="", message="", etag="", last_modified="", fetches=0)
        model.Session.add(row)
    return row


def _finish(row: FileState, state: str, message: str = "") -> Outcome:
    row.state, row.message = state, message[:2000]
    row.checked_at = clock.now()
    model.Session.commit()
    return Outcome(state=state, message=row.message, fetched=False, analysed=False,
                   version=row.version_id)


def process(resource_id: str, *, wait: float = 0.0) -> Outcome | None:
    """Job: bring one resource's file version and its analyses up to date.
    None: the resource is gone or not the pipeline's, or another worker
    holds it (``wait`` seconds at most for it; that worker does the work)."""
    res = model.Resource.get(resource_id)
    pkg = res and model.Package.get(res.package_id)
    if res is None or pkg is None:
        return None
    resource = {**_resource_dict(res), "state": res.state}
    if not takes(pkg, resource):
        return None
    with _locked(res.id, wait) as got:
        if not got:
            return None
        return _process(res, pkg, resource)


def _process(res: model.Resource, pkg: model.Package, resource: dict[str, Any]) -> Outcome:
    row = _state_row(res)
    source = source_of(resource) or ""
    current = model.Session.get(FileVersion, row.version_id) if row.version_id else None
    same_source = row.source == source and current is not None
    missing = _missing(current) if same_source else None
    row.source = source
    if source.startswith("upload:"):
        read = _read_upload(resource)
    else:
        # conditional only when a full answer would add nothing: all analysers ran
        read = _read_url(res.url, row, conditional=same_source and not missing)
    try:
        if read.not_modified:
            return _finish(row, CHECKED, "not modified since the last fetch")
        if read.path is None:
            row.version_id = None
            return _finish(row, read.state, read.message)
        if not source.startswith("upload:"):
            row.fetches = (row.fetches or 0) + 1
            row.etag, row.last_modified = read.etag, read.last_modified
        return _store(row, res, pkg, resource, read)
    finally:
        read.discard()


def _store(row: FileState, res: model.Resource, pkg: model.Package,
           resource: dict[str, Any], read: _Read) -> Outcome:
    if read.path is None:  # the callers' check; kept for the type checker
        raise ValueError("no local copy to store")
    declared = tables.declared_format(resource) or ""
    fmt = tables.sniff(read.path, declared)
    if fmt is None:
        row.version_id = None
        return _finish(row, NOT_TABULAR, f"the file is no {declared.upper()} table")
    sha, size = _sha256(read.path)
    version = model.Session.execute(sa.select(FileVersion).where(
        FileVersion.resource_id == res.id, FileVersion.sha256 == sha)).scalars().first()
    only = _missing(version)
    if version is None:
        version = FileVersion(resource_id=res.id, package_id=pkg.id, sha256=sha, size=size,
                              format=fmt, encoding=read.encoding, fetched_at=clock.now(),
                              seconds=0.0, results={}, errors={})
        model.Session.add(version)
        model.Session.flush()
    changed = row.version_id != version.id
    row.version_id = version.id
    row.state, row.message, row.checked_at = QUEUED, "analysing", clock.now()
    model.Session.commit()  # the version exists before analysers that commit their own work
    if only:
        copy = _analysers.Copy(path=read.path, format=fmt, sha256=sha, size=size,
                               resource=resource, package=_package_dict(pkg),
                               encoding=read.encoding,
                               gated=conditions.is_gated_stored(pkg, res))
        _analyse(version, copy, only)
    row = model.Session.merge(row)
    outcome = _finish(row, CHECKED, "" if only else "unchanged file: analyses kept")
    outcome.update(fetched=read.temporary, analysed=bool(only))
    if changed or only:
        _reindex(pkg.id)
    return outcome


def _reindex(package_id: str) -> None:
    """The file level is in the index (search facet and sort)."""
    pkg = model.Package.get(package_id)
    if pkg is None or pkg.state != "active":
        return
    from ckan.lib.search import rebuild
    try:
        rebuild(pkg.id)
    except Exception:  # noqa: BLE001 - the analyses are stored; the index follows later
        log.exception("could not reindex %s after its file check", pkg.id)


def forget_purged() -> int:
    """Drop the rows of purged resources (no foreign key does it)."""
    removed = 0
    for table in (FileState.__table__, FileVersion.__table__):
        result = model.Session.execute(sa.text(
            f"DELETE FROM {table.name} f WHERE NOT EXISTS "  # noqa: S608 - our table names
            "(SELECT 1 FROM resource r WHERE r.id = f.resource_id)"))
        removed += getattr(result, "rowcount", 0) or 0
    model.Session.commit()
    return removed


def due_remote(limit: int, older_than: datetime.timedelta) -> list[str]:
    """Remote files of active datasets checked longest ago (or never)."""
    cutoff = clock.now() - older_than
    sql = sa.text("""
        SELECT r.id FROM resource r
        JOIN package p ON p.id = r.package_id AND p.state = 'active' AND NOT p.private
        LEFT JOIN tdpf_file_state s ON s.resource_id = r.id
        WHERE r.state = 'active' AND r.url ~* '^https?://'
          AND coalesce(r.url_type, '') <> 'upload'
          AND (s.checked_at IS NULL OR s.checked_at < :cutoff)
        ORDER BY s.checked_at NULLS FIRST LIMIT :limit""")
    return [r[0] for r in model.Session.execute(sql, {"cutoff": cutoff, "limit": limit * 4})]
