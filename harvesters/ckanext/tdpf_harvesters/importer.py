"""Import stage shared by the CKAN and DCAT harvesters.

A harvest object carries the remote record as gathered (no second request
per dataset). Importing writes the dataset, its search index row, its
harvest record and the duplicate links in ONE transaction (the one CKAN's
package_create/update commits), under an id derived from (source, remote
id): a worker killed mid-import leaves nothing half-made, and the next run
simply writes the dataset again. The harvest object's bookkeeping is part
of the same transaction.

(CKAN 2.12's package_update silently drops its changes under
``defer_commit``, so the actions commit themselves.) New datasets are
usually imported many per transaction: see batch.py.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.harvest.model import HarvestObject, HarvestObjectError
from ckanext.tdpf import clock
from ckanext.tdpf.compat import harvest_report_status

from . import claims, duplicates, enrich, linkchecks, mapping, overlay
from .model import ACTIVE, WITHDRAWN, HarvestRecord
from .sources import SourceConfig, parse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceInfo:
    id: str
    name: str
    title: str
    url: str
    owner_org: str | None

    @classmethod
    def of(cls, source) -> SourceInfo:
        pkg = model.Package.get(source.id)
        return cls(source.id, pkg.name if pkg else source.id[:8], source.title or "",
                   source.url, pkg.owner_org if pkg else None)


def object_error(obj: HarvestObject, message: str, stage: str = "Import") -> None:
    HarvestObjectError(message=message, object=obj, stage=stage).save()


def site_context() -> Context:
    """Context of the site user (imports, the CLI's actions)."""
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"], "ignore_auth": True}


def _readable(err: tk.ValidationError) -> str:
    parts = []
    for field, msgs in (err.error_dict or {}).items():
        if isinstance(msgs, list):
            msgs = "; ".join(m if isinstance(m, str) else json.dumps(m, ensure_ascii=False)
                             for m in msgs)
        parts.append(f"{field}: {msgs}")
    return "Invalid dataset: " + (", ".join(parts) or str(err))


def _mark_current(pairs: list[tuple[HarvestObject, str]], current: bool) -> None:
    """Make each object the (non-)current one of its dataset: one statement
    for the other objects of all of them."""
    model.Session.query(HarvestObject).filter(
        HarvestObject.package_id.in_([pkg_id for _, pkg_id in pairs]),
        HarvestObject.id.notin_([obj.id for obj, _ in pairs]),
        HarvestObject.current.is_(True)).update({"current": False},
                                                synchronize_session=False)
    for obj, pkg_id in pairs:
        obj.package_id = pkg_id
        obj.current = current
        model.Session.add(obj)


def import_object(obj: HarvestObject) -> bool | str:
    """ckanext-harvest's import_stage: True, False (error recorded) or "unchanged"."""
    from . import batch  # batch builds on this module

    if not claims.claim(obj.id):
        log.info("harvest object %s delivered again; not imported twice", obj.id)
        outcome = claims.outcome_of_first(obj.id)
        # what the first worker wrote (current, package_id): ckanext-harvest
        # reports "deleted" for an object it still sees as not current
        model.Session.refresh(obj)
        if outcome != claims.TAKEN_OVER:
            return outcome
        log.info("harvest object %s: its first worker died; imported now", obj.id)
    if batch.eligible(obj):
        return batch.import_with_companions(obj)
    outcome = import_one(obj)
    claims.record_outcome(obj.id, outcome)
    return outcome


def import_one(obj: HarvestObject) -> bool | str:
    """Import one object in its own transaction; errors become its error record."""
    if superseded(obj):
        log.info("harvest object %s is older than the imported one; skipped", obj.id)
        return "unchanged"
    source = SourceInfo.of(obj.source)
    cfg = parse(obj.source.config)
    pkg_id = mapping.package_id(source.id, obj.guid)
    try:
        if status(obj) == "delete":
            return _withdraw(obj, pkg_id)
        return _write(obj, source, cfg, pkg_id)
    except tk.ValidationError as e:
        model.Session.rollback()
        object_error(obj, _readable(e))
        return False
    except Exception as e:  # noqa: BLE001 - recorded per object, the run goes on
        model.Session.rollback()
        log.exception("import of %s failed", obj.guid)
        object_error(obj, f"Import failed: {type(e).__name__}: {e}")
        return False


def superseded(obj: HarvestObject) -> bool:
    """A left-over object (re-sent by the queue after a crash) must not
    overwrite what a newer run imported."""
    return model.Session.query(
        model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_source_id == obj.harvest_source_id,
            HarvestObject.guid == obj.guid, HarvestObject.current.is_(True),
            HarvestObject.gathered > obj.gathered).exists()).scalar()


def status(obj: HarvestObject) -> str | None:
    return next((e.value for e in obj.extras if e.key == "status"), "new")


def stage(obj: HarvestObject, source: SourceInfo, cfg: SourceConfig, pkg_id: str,
          existing: model.Package | None) -> tuple[dict, set[str]]:
    """Everything of an import but the dataset itself: the harvest record,
    the duplicate links, the object made current (flushed, not committed).
    Returns the TDPF dataset dict and the other datasets to re-index."""
    item = mapped(obj, source, cfg, pkg_id, existing)
    return item.pkg, record_all([item], source, cfg)


@dataclass
class Mapped:
    obj: HarvestObject
    pkg_id: str
    data: dict  # the harvest object's content
    pkg: dict  # the TDPF dataset dict
    keys: set[str]  # its duplicate-matching keys


def mapped(obj: HarvestObject, source: SourceInfo, cfg: SourceConfig, pkg_id: str,
           existing: model.Package | None) -> Mapped:
    """The dataset dict of one object, with the operators' corrections of
    an existing dataset (overlay.py; the only database access)."""
    if obj.content is None:
        raise ValueError(f"harvest object {obj.id} has no content")
    data = json.loads(obj.content)
    name = existing.name if existing else mapping.dataset_name(
        source.name, data.get("key") or obj.guid, pkg_id)
    pkg = mapping.to_tdpf(data["remote"], cfg=cfg, source=source, page_url=data["page_url"],
                          gid=data["global_id"], pkg_id=pkg_id, name=name)
    enrich.apply(pkg, data["remote"], cfg, existing)  # derived, then corrected:
    keys = mapping.match_keys(pkg, data.get("publisher", ""))  # of the record as harvested
    if existing is not None:  # new datasets have no corrections yet
        overlay.apply(pkg)  # an operator's correction wins over a derived value
    return Mapped(obj, pkg_id, data, pkg, keys)


def record_all(items: list[Mapped], source: SourceInfo, cfg: SourceConfig,
               finish: Callable[[HarvestObject], None] | None = None) -> set[str]:
    """:func:`stage` for several objects of one source in a few statements
    (not a few per object); ``finish`` sets an object's bookkeeping, written
    with it. Returns the other datasets to re-index."""
    records = {r.package_id: r for r in model.Session.query(HarvestRecord).filter(
        HarvestRecord.package_id.in_([i.pkg_id for i in items]))}
    # the objects are current before the datasets are indexed (ckanext-harvest
    # indexes harvest_source_id from them); their packages may not exist yet.
    # Nothing is flushed before relink_many: one UPDATE per object.
    model.Session.execute(sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))
    _mark_current([(i.obj, i.pkg_id) for i in items], True)
    keyed = []
    for item in items:
        if finish:
            finish(item.obj)
        record = records.get(item.pkg_id) or HarvestRecord(
            package_id=item.pkg_id, source_id=source.id, guid=item.obj.guid)
        record.global_id, record.content_hash = item.data["global_id"], item.data["hash"]
        record.state, record.provider_rank = ACTIVE, cfg.provider_rank
        record.updated_at = clock.now()
        model.Session.add(record)
        keyed.append((record, item.keys))
    # links before the datasets are indexed, so their rows know their groups
    others = duplicates.relink_many(keyed)
    model.Session.flush()
    return others


def _write(obj, source: SourceInfo, cfg: SourceConfig, pkg_id: str):
    existing = model.Package.get(pkg_id)
    pkg, others = stage(obj, source, cfg, pkg_id, existing)
    duplicates.reindex(others)  # in the same transaction
    context = site_context()
    with linkchecks.deferred() as link_checks:
        if existing:
            if existing.state == "deleted":  # back at the source: "restored"
                setattr(obj, harvest_report_status.RESTORED, True)
            pkg["state"] = "active"
            tk.get_action("package_update")(context, pkg)  # commits all of the above
        else:
            tk.get_action("package_create")(context, pkg)  # commits all of the above
    model.Session.commit()  # package_update commits nothing when nothing changed
    linkchecks.enqueue(link_checks)  # the hook ran before the action's commit
    return True


def _withdraw(obj, pkg_id: str):
    record = model.Session.get(HarvestRecord, pkg_id)
    pkg = model.Package.get(pkg_id)
    if pkg is None or record is None:
        return "unchanged"
    record.state = WITHDRAWN
    record.updated_at = clock.now()
    duplicates.reindex(duplicates.relink(record, set()))
    _mark_current([(obj, pkg_id)], False)
    if pkg.state != "deleted":
        tk.get_action("package_delete")(site_context(), {"id": pkg_id})  # commits
    model.Session.commit()
    return True
