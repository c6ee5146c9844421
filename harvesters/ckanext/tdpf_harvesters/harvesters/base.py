"""What the TDPF harvesters share: source settings, the remote-record
bookkeeping of the gather stage, the import stage and error records."""
from __future__ import annotations

import datetime as dt
import json
import logging

from ckan import model

from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject, HarvestObjectExtra

from .. import claims, importer, mapping
from ..model import ACTIVE, HarvestRecord
from ..sources import SourceConfig, parse

log = logging.getLogger(__name__)


class RemoteError(Exception):
    """A source answered something unusable (HTML, truncated JSON, loops)."""


class TdpfHarvesterBase(HarvesterBase):
    """Gather helpers + the shared import stage. Subclasses implement
    ``info`` and ``gather``."""

    def gather_stage(self, harvest_job):
        # leased while it gathers: a gather consumer killed meanwhile leaves
        # a job jobs.py closes instead of one "Running" for hours
        with claims.running_job(harvest_job.id):
            return self.gather(harvest_job)

    def gather(self, harvest_job) -> list[str]:
        raise NotImplementedError

    def validate_config(self, config):
        parse(config)  # ValueError with a readable message
        return config

    def fetch_stage(self, harvest_object):
        return True  # the gather stage already stored each record

    def import_stage(self, harvest_object):
        return importer.import_object(harvest_object)

    # -- gather helpers ---------------------------------------------------

    @staticmethod
    def gather_error(job: HarvestJob, message: str) -> None:
        log.warning("harvest %s: %s", job.source.url, message)
        HarvestGatherError(message=message, job=job).save()

    @staticmethod
    def source_config(job: HarvestJob) -> SourceConfig:
        return parse(job.source.config)

    @staticmethod
    def last_clean_gather(job: HarvestJob) -> dt.datetime | None:
        """Start of the newest earlier run that listed everything it asked for
        (no gather error) and imported every object (none pending or
        failed). After a crash or errors the next run lists everything
        again, so nothing is missed; unchanged records cost no import."""
        errors = model.Session.query(HarvestGatherError.harvest_job_id)
        unfinished = model.Session.query(HarvestObject.harvest_job_id).filter(
            HarvestObject.state != "COMPLETE")
        row = (model.Session.query(HarvestJob.gather_started)
               .filter(HarvestJob.source_id == job.source_id, HarvestJob.id != job.id,
                       HarvestJob.gather_finished.isnot(None),
                       HarvestJob.id.notin_(errors), HarvestJob.id.notin_(unfinished))
               .order_by(HarvestJob.gather_started.desc()).first())
        return row[0] if row else None

    @staticmethod
    def run_number(job: HarvestJob) -> int:
        return (model.Session.query(HarvestJob)
                .filter(HarvestJob.source_id == job.source_id, HarvestJob.id != job.id)
                .count())

    @staticmethod
    def known(source_id: str, guids) -> dict[str, HarvestRecord]:
        rows = model.Session.query(HarvestRecord).filter(
            HarvestRecord.source_id == source_id, HarvestRecord.guid.in_(list(guids)))
        return {r.guid: r for r in rows}

    def objects_for_page(self, job: HarvestJob, items: list[dict]) -> list[str]:
        """Harvest objects for the new or changed records of one page.

        :param items: dicts with guid, remote, key, page_url, global_id, publisher
        """
        by_guid = {i["guid"]: i for i in items}
        known = self.known(job.source_id, by_guid)
        objs = []
        for guid, item in by_guid.items():
            item["hash"] = mapping.content_hash(item["remote"])
            rec = known.get(guid)
            if rec and rec.content_hash == item["hash"] and rec.state == ACTIVE:
                continue
            objs.append(HarvestObject(
                guid=guid, job=job, content=json.dumps(item, ensure_ascii=False),
                extras=[HarvestObjectExtra(key="status", value="change" if rec else "new")]))
        return self._save(objs)

    @staticmethod
    def _save(objs: list[HarvestObject]) -> list[str]:
        """Insert the objects in one flush (not one round trip each); their ids."""
        model.Session.add_all(objs)
        model.Session.flush()
        ids = [o.id for o in objs]
        model.Session.commit()
        return ids

    def withdrawals(self, job: HarvestJob, cfg: SourceConfig, remote_guids: set[str]) -> list[str]:
        """Objects withdrawing the active records no longer at the source."""
        active = self.active_guids(job.source_id)
        gone = sorted(active - remote_guids)
        if active and len(gone) > cfg.max_withdraw_ratio * len(active):
            self.gather_error(job, f"The source lists {len(remote_guids)} datasets but "
                              f"{len(gone)} of our {len(active)} would be withdrawn "
                              f"(more than {cfg.max_withdraw_ratio:.0%}); nothing withdrawn. "
                              "Check the source, or raise max_withdraw_ratio.")
            return []
        return self._save([HarvestObject(guid=guid, job=job,
                                         extras=[HarvestObjectExtra(key="status",
                                                                    value="delete")])
                           for guid in gone])

    @staticmethod
    def active_guids(source_id: str) -> set[str]:
        return {r[0] for r in model.Session.query(HarvestRecord.guid).filter(
            HarvestRecord.source_id == source_id, HarvestRecord.state == ACTIVE)}

    def withdrawn_guids(self, source_id: str, guids) -> set[str]:
        rows = model.Session.query(HarvestRecord.guid).filter(
            HarvestRecord.source_id == source_id, HarvestRecord.state != ACTIVE,
            HarvestRecord.guid.in_(list(guids)))
        return {r[0] for r in rows}
