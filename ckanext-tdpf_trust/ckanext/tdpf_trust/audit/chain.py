"""The hash-chained audit records: appending one, reading them, verifying the chain."""
from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

# not `from ckan import model`: this package's own .model submodule would
# shadow it
from ckan.model import Session

from ckanext.tdpf import clock

from .model import AuditRecord

GENESIS = "0" * 64
# any constant: serialises appends so two writers never share a prev_hash
_LOCK_KEY = 7_310_001


def _digest(prev_hash: str, created: datetime.datetime, event: str, actor: str,
            object_type: str, object_id: str, detail: dict) -> str:
    body = json.dumps([prev_hash, created.isoformat(), event, actor,
                       object_type, object_id, detail],
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(event: str, *, actor: str | None = "", object_type: str = "",
           object_id: str = "", detail: dict[str, Any] | None = None) -> AuditRecord:
    """Append one event, e.g. ``record("warranty.create", actor=user_id,
    object_type="package", object_id=pkg_id, detail={...})``. ``detail`` must
    be JSON (it is stored as JSONB and hashed). Not committed here: the
    caller's transaction commits it with the change it describes."""
    session = Session
    stored: dict[str, Any] = json.loads(json.dumps(detail or {}, ensure_ascii=False,
                                                  default=str))
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    prev = session.execute(sa.select(AuditRecord.hash)
                           .order_by(AuditRecord.id.desc()).limit(1)).scalar()
    prev = prev or GENESIS
    created = clock.db_now()
    row = AuditRecord(created=created, event=event, actor=actor or "",
                      object_type=object_type, object_id=str(object_id or ""),
                      detail=stored, prev_hash=prev,
                      hash=_digest(prev, created, event, actor or "", object_type,
                                   str(object_id or ""), stored))
    session.add(row)
    session.flush()
    return row


@dataclass
class Problem:
    record_id: int
    message: str


def verify(batch: int = 1000) -> Iterator[Problem]:
    """Walk the chain in order; yield each record whose content or link does
    not match (edited, inserted or removed rows)."""
    prev, last_id = GENESIS, 0
    while True:
        rows = Session.execute(
            sa.select(AuditRecord).where(AuditRecord.id > last_id)
            .order_by(AuditRecord.id).limit(batch)).scalars().all()
        if not rows:
            return
        for row in rows:
            if row.prev_hash != prev:
                yield Problem(row.id, "previous-record hash does not match: a "
                              "record before this one was changed or removed")
            expected = _digest(row.prev_hash, row.created, row.event, row.actor,
                               row.object_type, row.object_id, row.detail)
            if row.hash != expected:
                yield Problem(row.id, "content does not match its hash: this "
                              "record was changed")
            prev, last_id = row.hash, row.id


def records(object_type: str | None = None, object_id: str | None = None,
            event: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditRecord]:
    query = sa.select(AuditRecord).order_by(AuditRecord.id.desc())
    if object_type:
        query = query.where(AuditRecord.object_type == object_type)
    if object_id:
        query = query.where(AuditRecord.object_id == object_id)
    if event:
        query = query.where(AuditRecord.event.startswith(event))
    return list(Session.execute(query.limit(limit).offset(offset)).scalars())
