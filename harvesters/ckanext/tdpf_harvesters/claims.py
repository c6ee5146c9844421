"""One import per harvest object, whoever delivers it; nothing held by a
dead worker.

ckanext-harvest re-queues objects that take over 3 minutes (and re-sends
waiting ones), and a batch imports objects the queue has not delivered
yet: the first worker to claim an object (a Redis key) imports it; a later
delivery reports that worker's outcome without writing.

A claim names its worker (``running:<token>``), and each worker keeps a
lease (``tdpf:harvest:worker:<token>``, ``lease_seconds``) alive from a
daemon thread while it lives. A worker killed with ``kill -9`` stops
renewing it: once it has expired, its claims are stale and the next
delivery takes them over and imports the object (before, a copy waited 30 s
and reported "not modified" for an object never imported). The jobs a
process runs are leased the same way (:func:`running_job`), so a job whose
process died is recognised (jobs.py) instead of staying "Running".
"""
from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from . import config

TAKEN_OVER = "taken over"  # outcome_of_first: the first worker died; import it now

# a stale claim is replaced only if it still names the dead worker
_TAKE_OVER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1
end
return 0
"""

_state: dict = {"pid": None, "token": None, "jobs": set(), "thread": None}
_lock = threading.Lock()


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def _key(obj_id: str) -> str:
    return f"tdpf:harvest:claim:{obj_id}"


def lease_key(token: str) -> str:
    return f"tdpf:harvest:worker:{token}"


def job_key(job_id: str) -> str:
    return f"tdpf:harvest:job:{job_id}"


def new_token() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def use_token(worker: str) -> None:
    """This process works as ``token`` (a forked import worker gets the one
    its parent made, so the parent can end its lease when it dies)."""
    with _lock:
        _state.update(pid=os.getpid(), token=worker, jobs=set(), thread=None)
    _renew()


def token() -> str:
    """This process's worker token; its lease is renewed while it lives
    (a forked child gets its own token and renewal thread)."""
    with _lock:
        if _state["pid"] != os.getpid():
            _state.update(pid=os.getpid(), token=new_token(), jobs=set(), thread=None)
        if _state["thread"] is None:
            _state["thread"] = threading.Thread(target=_keep_alive, args=(os.getpid(),),
                                                daemon=True, name="tdpf-harvest-lease")
            _state["thread"].start()
            fresh = True
        else:
            fresh = False
        current = _state["token"]
    if fresh:
        _renew()
    return current


def _renew() -> None:
    lease = config.lease_seconds()
    pipe = _redis().pipeline(transaction=False)
    pipe.set(lease_key(_state["token"]), "alive", ex=lease)
    for job_id in list(_state["jobs"]):
        pipe.set(job_key(job_id), _state["token"], ex=lease)
    pipe.execute()


def _keep_alive(pid: int) -> None:
    while _state["pid"] == pid:
        time.sleep(config.lease_seconds() / 3)
        with suppress(Exception):  # Redis away for a moment: the next round renews it
            _renew()


def end_lease(worker_token: str) -> None:
    """A worker known dead (its parent saw it exit): its claims are stale now."""
    _redis().delete(lease_key(worker_token))


def here_key(job_id: str) -> str:
    return f"tdpf:harvest:here:{job_id}"


@contextmanager
def running_job(job_id: str, *, whole_run: bool = False) -> Iterator[None]:
    """Lease ``job_id`` to this process meanwhile (renewed with its own);
    ``whole_run``: this process runs all of it (``run --here``), so the job
    is dead once the lease is gone, whatever its stage (a queue job is dead
    only while gathering: its objects wait in the queue for any consumer)."""
    token()
    if job_id in _state["jobs"]:  # the gather inside a run --here: held already
        yield
        return
    _state["jobs"].add(job_id)
    if whole_run:
        _redis().set(here_key(job_id), "1", ex=7 * 24 * 3600)
    _renew()
    try:
        yield
    finally:
        _state["jobs"].discard(job_id)
        _redis().delete(job_key(job_id), here_key(job_id))


def job_alive(job_id: str) -> bool:
    """Some live process holds ``job_id``'s lease."""
    return bool(_redis().exists(job_key(job_id)))


def whole_run(job_id: str) -> bool:
    """``job_id`` was run by one process (``run --here``) not yet done with it."""
    return bool(_redis().exists(here_key(job_id)))


def _running() -> str:
    return f"running:{token()}"


def _stale(value) -> str | None:
    """The value of a claim whose worker's lease is gone, else None."""
    value = value.decode() if isinstance(value, bytes) else value
    if not value or not value.startswith("running:"):
        return None
    return None if _redis().exists(lease_key(value[len("running:"):])) else value


def _take_over(obj_id: str, stale: str) -> bool:
    return bool(_redis().eval(_TAKE_OVER, 1, _key(obj_id), stale, _running(),
                              config.claim_seconds()))


def claim(obj_id: str) -> bool:
    """True for the first worker that imports this object (or the first
    after the one that had claimed it died)."""
    if _redis().set(_key(obj_id), _running(), nx=True, ex=config.claim_seconds()):
        return True
    stale = _stale(_redis().get(_key(obj_id)))
    return bool(stale) and _take_over(obj_id, stale)


def claim_many(obj_ids: list[str]) -> list[str]:
    """The ids this worker claimed (:func:`claim` each: one round trip, and
    two more for each claimed already)."""
    value = _running()
    pipe = _redis().pipeline(transaction=False)
    for obj_id in obj_ids:
        pipe.set(_key(obj_id), value, nx=True, ex=config.claim_seconds())
    first = pipe.execute()
    # those claimed already: taken over where their worker died
    return [obj_id for obj_id, ok in zip(obj_ids, first, strict=True) if ok or claim(obj_id)]


def held_by_other(obj_id: str) -> bool:
    """Claimed by another live worker, importing it now (not done, not ours)."""
    raw = _redis().get(_key(obj_id))
    value = raw.decode() if isinstance(raw, bytes) else raw
    return (bool(value) and value.startswith("running") and value != _running()
            and _stale(value) is None)


def taken(obj_id: str) -> bool:
    """Claimed by a live worker (importing it), or done."""
    value = _redis().get(_key(obj_id))
    return value is not None and _stale(value) is None


def record_outcome(obj_id: str, outcome) -> None:
    record_outcomes({obj_id: outcome})


def record_outcomes(outcomes: dict) -> None:
    pipe = _redis().pipeline(transaction=False)
    for obj_id, outcome in outcomes.items():
        pipe.set(_key(obj_id), f"done:{outcome}", ex=config.claim_seconds())
    pipe.execute()


def outcome_of_first(obj_id: str, wait: float = 30.0):
    """What the first delivery returned, so a copy reports the same (the
    queue overwrites the object's status with the copy's answer);
    :data:`TAKEN_OVER` when that worker died meanwhile and the claim is
    now this one's."""
    deadline = time.monotonic() + wait
    while True:
        raw = _redis().get(_key(obj_id))
        value = raw.decode() if isinstance(raw, bytes) else raw
        if value and value.startswith("done:"):
            return {"done:True": True, "done:False": False}.get(value, "unchanged")
        if (value is None or _stale(value)) and claim(obj_id):
            return TAKEN_OVER
        if time.monotonic() > deadline:
            return "unchanged"
        time.sleep(0.5)
