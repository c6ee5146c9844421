"""The same dataset arriving from several sources (national portals
republish municipal data).

Two active records of different sources are duplicates when they share a
key: the same normalised title with the same publisher, or a resource URL
with the same normalised title (a shared URL alone is not identity).
The canonical record of a group is chosen deterministically: the lowest
provider rank (municipality < Tokyo < public body < national < others, see
``sources.PROVIDER_RANK``), then the smallest global id, then the
smallest package id (a stable choice whatever the order of the runs). The others carry
``duplicate_of`` = the canonical dataset id; search hides them, and the
canonical dataset page lists them ("他のカタログにも掲載").
"""
from __future__ import annotations

import sqlalchemy as sa

from ckan import model

from ckanext.tdpf import prefetch

from .model import ACTIVE, HarvestKey, HarvestRecord


def _related(package_ids: set[str]) -> set[str]:
    """Records sharing a key with any of ``package_ids`` (one hop)."""
    if not package_ids:
        return set()
    keys = model.Session.query(HarvestKey.key).filter(HarvestKey.package_id.in_(package_ids))
    rows = model.Session.query(HarvestKey.package_id).filter(HarvestKey.key.in_(keys))
    return {r[0] for r in rows} | package_ids


def _related_each(package_ids: set[str]) -> dict[str, set[str]]:
    """``_related({pid})`` for each of ``package_ids``, from one query."""
    keys = model.Session.query(HarvestKey.key).filter(HarvestKey.package_id.in_(package_ids))
    holders: dict[str, set[str]] = {}
    for pid, key in model.Session.query(HarvestKey.package_id, HarvestKey.key).filter(
            HarvestKey.key.in_(keys)):
        holders.setdefault(key, set()).add(pid)
    related = {pid: {pid} for pid in package_ids}
    for group in holders.values():
        for pid in group & package_ids:
            related[pid] |= group
    return related


def relink(record: HarvestRecord, keys: set[str]) -> set[str]:
    """Store ``record``'s keys (none when withdrawn) and recompute the
    canonical choice of every group it touches, before and after. Returns
    the other datasets whose ``duplicate_of`` changed (to re-index)."""
    return relink_many([(record, keys)])


def relink_many(keyed: list[tuple[HarvestRecord, set[str]]]) -> set[str]:
    """:func:`relink` for several records at once (a batch of one source),
    in a constant number of statements. The result equals relinking them
    one after the other: the groups are recomputed from the final keys, and
    the batch's own datasets are not returned (they are indexed after this)."""
    session = model.Session
    session.flush()
    ids = {r.package_id for r, _ in keyed}
    before = _related(ids)
    before |= {r[0] for r in session.query(HarvestRecord.package_id)
               .filter(HarvestRecord.duplicate_of.in_(ids))}
    session.query(HarvestKey).filter(HarvestKey.package_id.in_(ids)).delete()
    session.add_all(HarvestKey(package_id=r.package_id, key=k)
                    for r, keys in keyed if r.state == ACTIVE for k in keys)
    session.flush()
    affected = before | _related(ids)
    return _assign(affected) - ids


def _assign(package_ids: set[str]) -> set[str]:
    records = {r.package_id: r for r in model.Session.query(HarvestRecord)
               .filter(HarvestRecord.package_id.in_(package_ids))}
    related = _related_each(set(records))
    changed = set()
    for pid, rec in records.items():
        new = None
        if rec.state == ACTIVE:
            group = [records[p] for p in related[pid] if p in records
                     and records[p].state == ACTIVE
                     and (records[p].source_id != rec.source_id or p == pid)]
            # the package id last: two sources with one dataset URL prefix
            # give equal global ids, and min() then took whichever came first
            canonical = min(group, key=lambda r: (r.provider_rank, r.global_id, r.package_id))
            new = None if canonical.package_id == pid else canonical.package_id
        if rec.duplicate_of != new:
            rec.duplicate_of = new
            changed.add(pid)
    model.Session.flush()
    return changed


def reindex(package_ids: set[str]) -> None:
    """Re-index in the current transaction (committed by the caller)."""
    from ckan import logic

    for pid in package_ids:
        logic.index_update_package({"ignore_auth": True}, pid, defer_commit=True)


def duplicate_of(package_id: str) -> str | None:
    return _duplicate_of(package_id)


def _duplicate_of_one(package_id: str) -> str | None:
    rec = model.Session.get(HarvestRecord, package_id)
    return rec.duplicate_of if rec else None


def _duplicate_of_many(package_ids: list[str]) -> dict[str, str | None]:
    rows = (model.Session.query(HarvestRecord.package_id, HarvestRecord.duplicate_of)
            .filter(HarvestRecord.package_id.in_(package_ids)))
    return {r.package_id: r.duplicate_of for r in rows}


_duplicate_of = prefetch.Lookup(_duplicate_of_one, _duplicate_of_many)  # per chunk when indexing


def source_counts(source_id: str) -> dict[str, int]:
    """What a source holds (its active records) and how many of them are
    shown under another catalog's record."""
    return source_counts_many([source_id])[source_id]


def source_counts_many(source_ids: list[str]) -> dict[str, dict[str, int]]:
    rows = (model.Session.query(HarvestRecord.source_id, sa.func.count(),
                                sa.func.count(HarvestRecord.duplicate_of))
            .filter(HarvestRecord.source_id.in_(source_ids), HarvestRecord.state == ACTIVE)
            .group_by(HarvestRecord.source_id))
    out = {sid: {"held": 0, "elsewhere": 0} for sid in source_ids}
    out.update({sid: {"held": held, "elsewhere": dup} for sid, held, dup in rows})
    return out


def add_source_counts(search_results: dict) -> None:
    """Harvest sources in search results (the /harvest list) get their
    counts now (``status.total_datasets``, what the source holds): the one
    the index kept was as old as the source's last re-index, and CKAN 2.12
    keeps ckanext-harvest's status out of it altogether."""
    sources = [r for r in search_results.get("results") or []
               if isinstance(r, dict) and r.get("type") == "harvest" and r.get("id")]
    if not sources:
        return
    counts = source_counts_many([r["id"] for r in sources])
    for result in sources:
        status = result["status"] if isinstance(result.get("status"), dict) else {}
        status["total_datasets"] = counts[result["id"]]["held"]
        status["datasets_shown_elsewhere"] = counts[result["id"]]["elsewhere"]
        result["status"] = status


def also_in(package_id: str) -> list[dict]:
    """The other catalogs that publish this dataset: one entry per record of
    its group from another source (title, catalog name, our page, their
    page); none of the page's own catalog."""
    rec = model.Session.get(HarvestRecord, package_id)
    if rec is None:
        return []
    canonical = rec.duplicate_of or rec.package_id
    ids = {r[0] for r in model.Session.query(HarvestRecord.package_id).filter(
        sa.or_(HarvestRecord.package_id == canonical, HarvestRecord.duplicate_of == canonical),
        HarvestRecord.source_id != rec.source_id, HarvestRecord.state == ACTIVE)}
    out = []
    for pkg in model.Session.query(model.Package).filter(
            model.Package.id.in_(ids), model.Package.state == "active"):
        extras = pkg.extras
        out.append({"name": pkg.name, "title": pkg.title,
                    "catalog": extras.get("source_catalog_name") or "",
                    "page_url": extras.get("source_page_url") or "",
                    "canonical": pkg.id == canonical})
    return sorted(out, key=lambda d: (not d["canonical"], d["catalog"], d["name"]))
