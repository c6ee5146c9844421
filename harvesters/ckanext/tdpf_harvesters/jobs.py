"""Harvest jobs whose process died are closed within a minute or two, and
a job that really runs is answered with a clear 409.

ckanext-harvest closes a "Running" job only after ``ckan.harvest.timeout``
(360 minutes), and meanwhile ``harvest_job_create`` raised
``HarvestJobExists``, a 500 from the API. A job is dead when the lease
(claims.py) of the process running it is gone: a ``run --here`` job at
any stage, a queue job while it gathers (after that its objects wait in
the queue for any consumer, and a copy delivered again takes over the
stale claims of a dead one). A dead job is finished with a gather error;
its objects not imported are marked ERROR, so the queue does not send them
again and the job is not clean: the next run lists everything it needs
(last_clean_gather) and imports what was not imported.
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.harvest.logic import HarvestJobExists
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject
from ckanext.tdpf import clock

from . import claims, config

log = logging.getLogger(__name__)
DONE = ("COMPLETE", "ERROR")


class JobRunning(HarvestJobExists, tk.ValidationError):
    """HarvestJobExists for ckanext-harvest's callers (its web UI and CLI
    catch it), a ValidationError (409 with the message) for the API."""

    def __init__(self, message: str):
        tk.ValidationError.__init__(self, {"source_id": [message]})


def _utcnow() -> dt.datetime:
    return clock.db_now()  # ckanext-harvest's naive UTC


def dead(job: HarvestJob, now: dt.datetime | None = None) -> bool:
    if job.status != "Running" or claims.job_alive(job.id):
        return False
    gathering = job.gather_started is not None and job.gather_finished is None
    if not (gathering or claims.whole_run(job.id)):
        return False
    # a job takes its lease right after it starts: younger ones are not judged
    grace = dt.timedelta(seconds=2 * config.lease_seconds())
    started = max(job.created, job.gather_started or job.created)
    return started < (now or _utcnow()) - grace


def close_dead(source_id: str | None = None) -> list[str]:
    """Finish the dead jobs (of one source); their ids."""
    now = _utcnow()
    query = model.Session.query(HarvestJob).filter(HarvestJob.status == "Running")
    if source_id:
        query = query.filter(HarvestJob.source_id == source_id)
    closed = [job for job in query.all() if dead(job, now)]
    for job in closed:
        _close(job, now)
    if closed:
        model.Session.commit()
        for job in closed:
            tk.get_action("harvest_source_reindex")(
                {"ignore_auth": True}, {"id": job.source_id})
    return [job.id for job in closed]


def _close(job: HarvestJob, now: dt.datetime) -> None:
    stage = "importing" if job.gather_finished else "gathering"
    left = _give_up(job, f"The process running this job stopped while {stage} (killed or "
                         "crashed); the job was closed.")
    log.warning("harvest job %s: closed, its process died (%d records not imported)",
                job.id, left)
    job.status = "Finished"
    job.finished = now
    if job.gather_finished is None:
        job.gather_finished = now
    model.Session.add(job)


def _give_up(job: HarvestJob, why: str) -> int:
    """Mark the job's objects not done ERROR, with one gather error saying
    so (not one error per object); how many."""
    left = (model.Session.query(HarvestObject)
            .filter(HarvestObject.harvest_job_id == job.id, HarvestObject.state.notin_(DONE))
            .update({"state": "ERROR"}, synchronize_session=False))
    message = f"{why} {left} records were not imported: the next run imports them."
    model.Session.add(HarvestGatherError(message=message, job=job))
    return left


def refuse_if_running(source_id: str) -> None:
    """JobRunning naming the job that is queued or running (after closing
    dead ones); nothing when there is none."""
    close_dead(source_id)
    job = (model.Session.query(HarvestJob)
           .filter(HarvestJob.source_id == source_id,
                   HarvestJob.status.in_(("New", "Running")))
           .order_by(HarvestJob.created.desc()).first())
    if job is None:
        return
    since = (job.gather_started or job.created).strftime("%Y-%m-%d %H:%M UTC")
    if job.status == "New" or job.gather_started is None:  # (sent to the queue: "Running")
        msg = tk._("A harvest job of this source is queued already (job {job}, since "
                   "{since}); it starts when a gather worker is free.")
    else:
        msg = tk._("A harvest job of this source is running (job {job}, since {since}); "
                   "start another when it has finished.")
    raise JobRunning(msg.format(job=job.id, since=since))


def pending_objects(job_id: str) -> int:
    return (model.Session.query(sa.func.count(HarvestObject.id))
            .filter(HarvestObject.harvest_job_id == job_id,
                    HarvestObject.state.notin_(DONE)).scalar() or 0)


def finish(job_id: str) -> None:
    """What harvest_jobs_run does for a job whose objects are all done, for
    this job only (it also re-sends the waiting objects of every job to the
    queues, and ``run --here`` must touch no other job)."""
    job = HarvestJob.get(job_id)
    if job is None or job.status == "Finished":
        return
    if pending_objects(job_id):
        _give_up(job, "Some records were left by an import worker that stopped.")
    last = (model.Session.query(sa.func.max(HarvestObject.import_finished))
            .filter(HarvestObject.harvest_job_id == job_id).scalar())
    job.status = "Finished"
    job.finished = last or job.gather_finished or _utcnow()
    model.Session.add(job)
    model.Session.commit()
    tk.get_action("harvest_source_reindex")({"ignore_auth": True}, {"id": job.source_id})
