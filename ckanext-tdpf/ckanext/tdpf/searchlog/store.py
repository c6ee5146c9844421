"""The scheduled side: the queued events written in batches, and the
retention purge.

A batch is taken with LRANGE + LTRIM in one MULTI (no event taken twice by
two flushes) and written in one transaction; if the write fails the batch
is pushed back to the head of the queue. A click marks the latest
matching search (same query and filters from the web page, within
``CLICK_WINDOW`` before it) as clicked and is kept with its dataset."""
from __future__ import annotations

import datetime
import json
import logging

import sqlalchemy as sa

from ckan import model

from .. import clock
from .. import config as tdpf_config
from . import capture
from .model import WEB, SearchClick, SearchLog

log = logging.getLogger(__name__)

BATCH = 1000
CLICK_WINDOW = datetime.timedelta(hours=1)


def _take(conn, n: int) -> list[bytes]:
    pipe = conn.pipeline(transaction=True)
    pipe.lrange(capture.queue_key(), 0, n - 1)
    pipe.ltrim(capture.queue_key(), n, -1)
    return pipe.execute()[0]


def _time(event: dict) -> datetime.datetime:
    return clock.to_db(datetime.datetime.fromtimestamp(float(event["t"]), clock.UTC))


def _dataset_id(ref: str) -> str | None:
    pkg = model.Package.get(ref) if ref else None
    return pkg.id if pkg is not None else None


def _click(event: dict) -> None:
    dataset_id = _dataset_id(event.get("d", ""))
    if dataset_id is None:
        return
    at = _time(event)
    search = model.Session.execute(
        sa.select(SearchLog).where(SearchLog.query == event.get("q", ""),
                                   SearchLog.filters == event.get("f", ""),
                                   SearchLog.source == WEB,
                                   SearchLog.time <= at + datetime.timedelta(seconds=5),
                                   SearchLog.time >= at - CLICK_WINDOW)
        .order_by(SearchLog.time.desc()).limit(1)).scalar_one_or_none()
    if search is not None:
        search.clicked = True
    model.Session.add(SearchClick(time=at, search_id=search.id if search else None,
                                  query=event.get("q", ""), filters=event.get("f", ""),
                                  dataset_id=dataset_id))


def _write(events: list[dict]) -> None:
    for event in events:
        if event.get("k") == "s":
            model.Session.add(SearchLog(
                time=_time(event), query=str(event.get("q", "")),
                filters=str(event.get("f", "")), result_count=int(event.get("n") or 0),
                lang=str(event.get("l", ""))[:8], source=str(event.get("s", WEB))[:8],
                clicked=False))
        elif event.get("k") == "c":
            model.Session.flush()  # the searches before it are visible to its lookup
            _click(event)
    model.Session.commit()


def flush(conn=None) -> int:
    """Write every queued event; returns how many were taken."""
    conn = conn or capture._redis()
    taken = 0
    while True:
        raw = _take(conn, BATCH)
        if not raw:
            return taken
        events = []
        for item in raw:
            try:
                events.append(json.loads(item))
            except (ValueError, TypeError):
                log.warning("search log: dropped an unreadable event")
        try:
            _write(events)
        except Exception:
            model.Session.rollback()
            conn.lpush(capture.queue_key(), *reversed(raw))  # back at the head, in order
            raise
        taken += len(raw)


def purge(now: datetime.datetime | None = None) -> int:
    """Delete what is older than the retention; returns the searches deleted."""
    cutoff = clock.to_db((now or clock.now())
                         - datetime.timedelta(days=tdpf_config.searchlog_retention_days()))
    model.Session.execute(sa.delete(SearchClick).where(SearchClick.time < cutoff))
    deleted = model.Session.execute(sa.delete(SearchLog).where(SearchLog.time < cutoff))
    model.Session.commit()
    return deleted.rowcount or 0  # type: ignore[attr-defined]


def run_flush() -> None:
    """Job (scheduled every minute)."""
    flush()


def run_purge() -> None:
    """Job (scheduled daily)."""
    log.info("search log: %d searches past retention deleted", purge())
