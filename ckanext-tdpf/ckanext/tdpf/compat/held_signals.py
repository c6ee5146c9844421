"""Replaces ``ckan.lib.signals.action_succeeded.send`` on one thread while a
harvest batch creates its datasets: package_create's signals are held
(:func:`holding`) and sent once the batch's datasets are indexed
(:func:`send`).

CKAN sends ``action_succeeded`` when an action returns; for package_create
its receivers (the activity, the trust scan) read the new dataset through
package_show, that is from its search index row. A batch indexes its new
datasets together once all are created, so their signals wait for that and
are then sent in the order of the creates, with what each create sent.
Signals of other actions pass as ever, and so do other threads'. Switched
off, harvests import one dataset per transaction (ckanext-harvest's own
path: the batches need the held signals).
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from ckan.lib import signals

from . import per_thread

REPLACES = "action_succeeded.send during harvest batches"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = ("Harvests import one dataset per transaction, as ckanext-harvest "
                    "does (slower first harvests).")
HELD_ACTION = "package_create"


@contextlib.contextmanager
def holding() -> Iterator[list[dict[str, Any]]]:
    """Collects the signals' arguments instead of sending them."""
    held: list[dict[str, Any]] = []

    def hold(real: Callable[..., list]) -> Callable[..., list]:
        def send(sender: Any = None, /, **kwargs: Any) -> list:
            if sender != HELD_ACTION:
                return real(sender, **kwargs)
            held.append(kwargs)
            return []
        return send

    with per_thread.replaced(signals.action_succeeded, "send", hold):
        yield held


def send(held: list[dict[str, Any]]) -> None:
    for kwargs in held:
        signals.action_succeeded.send(HELD_ACTION, **kwargs)
