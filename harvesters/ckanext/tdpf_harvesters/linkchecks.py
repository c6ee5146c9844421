"""Link checks of a batch queued after its commit.

ckanext-tdpf queues a dataset's link check from ``after_dataset_create``,
inside the create: for a batch (``defer_commit``) that is before the commit,
and a worker taking the job at once finds no dataset and checks nothing.
Inside :func:`deferred`, that hook's decision is kept but its queueing is
collected; :func:`enqueue` queues them once the batch is committed.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from ckanext.tdpf.compat import per_thread
from ckanext.tdpf.datarate import linkcheck

log = logging.getLogger(__name__)


@contextlib.contextmanager
def deferred() -> Iterator[list[str]]:
    """Collects the ids the hook would queue on this thread."""
    queued: list[str] = []
    with per_thread.replaced(linkcheck, "enqueue_check", lambda _real: queued.append):
        yield queued


def enqueue(package_ids: list[str]) -> None:
    try:
        linkcheck.enqueue_checks(package_ids)
    except Exception:  # noqa: BLE001 - as the hook: Redis down must not stop a run
        log.exception("could not queue the link checks of %d datasets", len(package_ids))
