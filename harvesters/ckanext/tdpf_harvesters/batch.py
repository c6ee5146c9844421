"""Many new datasets per transaction (the first harvest of a source).

Imported one by one, a new dataset pays for its own transaction and for
ckanext-harvest's bookkeeping commits; with thousands of datasets that is
most of the run. A worker importing a new record therefore also claims up
to ``import_batch_size`` - 1 other waiting new records of the same job and
creates them all in ONE transaction: first the harvest records, duplicate
links and objects' bookkeeping of the whole batch, in a few statements
(importer.record_all), then the datasets (``package_create`` with
``defer_commit``: validation, plugin hooks; lookups repeated per dataset
answered once per batch), then their search index rows together, as a
rebuild chunk, then what each create signals (activities; held meanwhile:
ckanext.tdpf.compat.held_signals, without which there are no batches). All or nothing: a
worker killed mid-batch leaves none of it, and the objects stay waiting. A
record that fails is taken out and imported on its own (its own error
record); the others are tried again as a batch. Link checks are queued
once the batch is committed (linkchecks.py).

Updates and withdrawals stay one per transaction (CKAN 2.12's
package_update drops its changes under ``defer_commit``).

Under the queue the other objects stay "WAITING" until their own delivery
reports the recorded outcome: marked complete earlier, the job could be
finished while their messages wait, and ckanext-harvest turns an object
delivered for a finished job into an error. ``run --here`` has no queue:
there the batch completes them itself (:func:`outside_queue`).
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import logic, model
from ckan.types import Context

from ckanext.harvest.model import HarvestObject, HarvestObjectExtra
from ckanext.tdpf import clock, compat, prefetch
from ckanext.tdpf.compat import held_signals, model_lookups
from ckanext.tdpf.search import bulk

from . import claims, config, importer, linkchecks, mapping
from .sources import parse

log = logging.getLogger(__name__)
MAX_SPLITS = 3  # failing records taken out before the rest go one by one
_NO_QUEUE = contextvars.ContextVar("tdpf_harvest_no_queue", default=False)


@contextlib.contextmanager
def outside_queue():
    """Imports with no queue to deliver a batch's other objects later."""
    token = _NO_QUEUE.set(True)
    try:
        yield
    finally:
        _NO_QUEUE.reset(token)


class _Failed(Exception):
    def __init__(self, obj_id: str | None):
        super().__init__(obj_id)
        self.obj_id = obj_id  # None: the batch failed as a whole (indexing)


def eligible(obj: HarvestObject) -> bool:
    """A record to create: not a withdrawal, no dataset under its id yet."""
    if not compat.active("held_signals"):
        return False
    if importer.status(obj) == "delete" or importer.superseded(obj):
        return False
    return model.Package.get(mapping.package_id(obj.harvest_source_id, obj.guid)) is None


def import_with_companions(obj: HarvestObject) -> bool | str:
    """Import ``obj`` (already claimed) together with other new records of
    its job; their outcomes are recorded for the queue's later deliveries."""
    others = companions(obj, config.import_batch_size() - 1)
    outcomes = import_batch(obj, others)
    claims.record_outcomes(outcomes)
    return outcomes[obj.id]


def companions(obj: HarvestObject, size: int) -> list[str]:
    """Ids of up to ``size`` waiting new records of ``obj``'s job, claimed
    for this worker. Taken from the end of the job: the other consumers
    take from the head of the queue, so they rarely meet a claimed object.
    Read a page at a time through the index of waiting objects (migration
    0003): the cost does not grow with the job."""
    if size <= 0:
        return []
    waiting = (model.Session.query(HarvestObject.id, HarvestObject.guid,
                                   HarvestObject.gathered)
               .filter(HarvestObject.harvest_job_id == obj.harvest_job_id,
                       HarvestObject.state == "WAITING", HarvestObject.id != obj.id,
                       HarvestObject.package_id.is_(None))  # not imported yet
               .order_by(HarvestObject.gathered.desc(), HarvestObject.id.desc()))
    picked: list[str] = []
    after = None
    while len(picked) < size:
        page = waiting if after is None else waiting.filter(
            sa.tuple_(HarvestObject.gathered, HarvestObject.id) < after)
        rows = page.limit(size * 4).all()
        if not rows:
            break
        after = (rows[-1].gathered, rows[-1].id)
        candidates = _new_records(obj.harvest_source_id, rows)
        while candidates and len(picked) < size:  # usually once: few are taken
            want = size - len(picked)
            picked += claims.claim_many(candidates[:want])
            candidates = candidates[want:]
    return picked


def _new_records(source_id: str, rows) -> list[str]:
    """The objects among ``rows`` that create a dataset: not withdrawals
    (asked for these ids only: a NOT EXISTS over the extras was planned as
    a scan of all of them), no dataset under their id yet."""
    ids = [r.id for r in rows]
    withdrawals = {r[0] for r in model.Session.query(HarvestObjectExtra.harvest_object_id)
                   .filter(HarvestObjectExtra.harvest_object_id.in_(ids),
                           HarvestObjectExtra.key == "status",
                           HarvestObjectExtra.value == "delete")}
    pkg_ids = {r.id: mapping.package_id(source_id, r.guid) for r in rows}
    existing = {r[0] for r in model.Session.query(model.Package.id)
                .filter(model.Package.id.in_(set(pkg_ids.values())))}
    return [i for i in ids if i not in withdrawals and pkg_ids[i] not in existing]


def import_batch(leader: HarvestObject, others: list[str]) -> dict[str, bool | str]:
    """Outcome per object id. ``leader``'s bookkeeping is left to
    ckanext-harvest (it delivered that one), the others' too under a queue."""
    source = importer.SourceInfo.of(leader.source)
    cfg = parse(leader.source.config)
    pending = [leader.id, *others]
    outcomes: dict[str, bool | str] = {}
    for _ in range(MAX_SPLITS):
        try:
            _create_all(pending, leader.id, source, cfg)
            return {**outcomes, **dict.fromkeys(pending, True)}
        except _Failed as failed:
            model.Session.rollback()
            log.info("batch of %d failed at %s; importing it on its own",
                     len(pending), failed.obj_id or "indexing")
            if failed.obj_id is None:
                break
            pending.remove(failed.obj_id)
            outcomes[failed.obj_id] = _single(failed.obj_id, leader.id)
            if not pending:
                return outcomes
    for obj_id in pending:
        outcomes[obj_id] = _single(obj_id, leader.id)
    return outcomes


def _mapped_all(pending: list[str], source, cfg) -> list[importer.Mapped]:
    """The dataset dicts of the batch; a record that fails raises _Failed."""
    objs = {o.id: o for o in model.Session.query(HarvestObject)
            .filter(HarvestObject.id.in_(pending))}
    items, seen = [], set()
    for obj_id in pending:
        pkg_id = mapping.package_id(source.id, objs[obj_id].guid)
        try:
            if pkg_id in seen:  # the same record twice in a job: that one alone
                raise ValueError(f"dataset {pkg_id} twice in one batch")
            seen.add(pkg_id)
            items.append(importer.mapped(objs[obj_id], source, cfg, pkg_id, None))
        except Exception as e:  # noqa: BLE001 - this record alone is retried
            raise _Failed(obj_id) from e
    return items


def _create_all(pending: list[str], leader_id: str, source, cfg) -> None:
    items = _mapped_all(pending, source, cfg)
    now = clock.db_now()

    def finish(obj: HarvestObject) -> None:
        if obj.id != leader_id and _NO_QUEUE.get():
            _finish(obj, True, now)

    user = importer.site_context()
    # check_access would look the user up for each dataset
    context: Context = {**user, "auth_user_obj": model.User.get(user.get("user")),
                        "defer_commit": True, "return_id_only": True}
    with linkchecks.deferred() as link_checks:
        try:
            to_index = importer.record_all(items, source, cfg, finish)
        except Exception as e:  # noqa: BLE001 - the batch is retried one by one
            raise _Failed(None) from e
        # the index hooks' lookups of these datasets, the user and the
        # organisation: one query per batch
        with prefetch.chunk([i.pkg_id for i in items]), model_lookups.remembered(), \
                held_signals.holding() as created:
            for item in items:
                try:
                    tk.get_action("package_create")(context.copy(), item.pkg)
                except Exception as e:  # noqa: BLE001 - this record alone is retried
                    raise _Failed(item.obj.id) from e
        try:
            model.Session.flush()
            # indexed together, as a rebuild chunk (deferred creates index nothing)
            bulk.index_many([i.pkg_id for i in items], defer_commit=True, force=False,
                            chunk_size=len(items))
            for pkg_id in to_index:  # their group changed
                logic.index_update_package({"ignore_auth": True}, pkg_id, defer_commit=True)
            with model_lookups.remembered():
                held_signals.send(created)  # activities: they read the index rows
            model.Session.commit()
        except Exception as e:  # noqa: BLE001 - the batch is retried one by one
            raise _Failed(None) from e
    linkchecks.enqueue(link_checks)  # committed: the checker finds the datasets


def _single(obj_id: str, leader_id: str) -> bool | str:
    obj = model.Session.get(HarvestObject, obj_id)
    if obj is None:  # gone meanwhile (its source cleared): nothing to import
        return False
    outcome = importer.import_one(obj)
    if obj_id != leader_id and _NO_QUEUE.get():
        _finish(obj, outcome, clock.db_now())
        model.Session.commit()
    return outcome


def _finish(obj: HarvestObject, outcome: bool | str, now: dt.datetime) -> None:
    """What ckanext-harvest's fetch_and_import_stages records for an object
    (new datasets only: "added")."""
    obj.fetch_started = obj.fetch_finished = obj.import_started = obj.import_finished = now
    if outcome is False:
        obj.state, obj.report_status = "ERROR", "errored"
    elif outcome == "unchanged":
        obj.state, obj.report_status = "COMPLETE", "not modified"
    else:
        obj.state, obj.report_status = "COMPLETE", "added"
    model.Session.add(obj)
