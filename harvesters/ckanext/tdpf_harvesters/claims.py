"""One import per harvest object, whoever delivers it.

ckanext-harvest re-queues objects that take over 3 minutes (and re-sends
waiting ones), and a batch imports objects the queue has not delivered
yet: the first worker to claim an object (a Redis key) imports it; a later
delivery reports that worker's outcome without writing.
"""
from __future__ import annotations

import time

from . import config


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def _key(obj_id: str) -> str:
    return f"tdpf:harvest:claim:{obj_id}"


def claim(obj_id: str) -> bool:
    """True for the first worker that imports this object."""
    return bool(_redis().set(_key(obj_id), "running", nx=True, ex=config.claim_seconds()))


def claim_many(obj_ids: list[str]) -> list[str]:
    """The ids this worker claimed (:func:`claim` each, one round trip)."""
    pipe = _redis().pipeline(transaction=False)
    for obj_id in obj_ids:
        pipe.set(_key(obj_id), "running", nx=True, ex=config.claim_seconds())
    return [obj_id for obj_id, ok in zip(obj_ids, pipe.execute(), strict=True) if ok]


def taken(obj_id: str) -> bool:
    """Claimed by some worker (importing it, or done)."""
    return bool(_redis().exists(_key(obj_id)))


def record_outcome(obj_id: str, outcome) -> None:
    record_outcomes({obj_id: outcome})


def record_outcomes(outcomes: dict) -> None:
    pipe = _redis().pipeline(transaction=False)
    for obj_id, outcome in outcomes.items():
        pipe.set(_key(obj_id), f"done:{outcome}", ex=config.claim_seconds())
    pipe.execute()


def outcome_of_first(obj_id: str, wait: float = 30.0):
    """What the first delivery returned, so a copy reports the same (the
    queue overwrites the object's status with the copy's answer)."""
    deadline = time.monotonic() + wait
    while True:
        value = _redis().get(_key(obj_id))
        value = value.decode() if isinstance(value, bytes) else value
        if value and value.startswith("done:"):
            return {"done:True": True, "done:False": False}.get(value, "unchanged")
        if time.monotonic() > deadline:
            return "unchanged"
        time.sleep(0.5)
