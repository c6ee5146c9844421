"""Replaces ``ckanext.harvest.log.DBLogHandler.emit``, the handler
``ckan.harvest.log_scope`` (0 in our ini: log everything) puts on
ckanext-harvest's loggers.

Upstream saves each log line as a ``HarvestLog`` through the shared
``model.Session``, and ``save()`` commits it: a line logged in the middle
of ``harvest_source_update`` committed the dataset row half-way, the rest
of the update then failed (500 ``ResourceClosedError``) and the source's
``harvest_source`` row kept the old URL and settings while its page
showed the new ones. Here each line is inserted on a connection of its
own, in its own transaction: logging never commits, or rolls back, the
caller's work.
"""
from __future__ import annotations

import logging
from typing import Any

from .. import clock

REPLACES = "ckanext.harvest.log.DBLogHandler.emit"
WRITTEN_FOR = {"ckanext-harvest": "1.6.3"}
# replaces the whole method with one needing only the harvest_log table
KEEP_ON_OTHER_VERSIONS = True
IF_OTHER_VERSION = "Kept on: it writes the harvest_log table only, on its own connection."


def emit(self: logging.Handler, record: logging.LogRecord) -> None:
    from ckan import model
    from ckan.model.types import make_uuid

    from ckanext.harvest.model import HarvestLog

    engine = model.meta.engine
    if engine is None:  # not configured yet: nowhere to write
        return
    try:
        row = {"id": make_uuid(), "level": record.levelname, "content": self.format(record),
               "created": clock.db_now()}
        table: Any = getattr(HarvestLog, "__table__")  # noqa: B009 - untyped model
        with engine.begin() as conn:
            conn.execute(table.insert().values(**row))
    except Exception:  # noqa: BLE001, S110 - as upstream: a log line never breaks its caller
        pass


def install(on: bool) -> None:
    if not on:
        return
    from ckanext.harvest.log import DBLogHandler

    handler: Any = DBLogHandler
    handler.emit = emit
