"""A batch's ``package_create`` signals, held until its datasets are indexed.

CKAN sends ``action_succeeded`` when an action returns; for package_create
its receivers (the activity, the trust scan) read the new dataset through
package_show, that is from its search index row. A batch indexes its new
datasets together once all are created (as a rebuild does, a few queries
for the lot), so their signals wait for that and are then sent in the
order of the creates, with what each create sent. Signals of other actions
pass as ever, and so do other threads' (a reimport through the API runs in a
web process's thread).
"""
from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from ckan.lib import signals

from . import patching

HELD_ACTION = "package_create"


@contextlib.contextmanager
def creates() -> Iterator[list[dict[str, Any]]]:
    """Collects the signals' arguments instead of sending them."""
    held: list[dict[str, Any]] = []

    def holding(real: Callable[..., list]) -> Callable[..., list]:
        def send(sender: Any = None, /, **kwargs: Any) -> list:
            if sender != HELD_ACTION:
                return real(sender, **kwargs)
            held.append(kwargs)
            return []
        return send

    with patching.for_this_thread(signals.action_succeeded, "send", holding):
        yield held


def send(held: list[dict[str, Any]]) -> None:
    for kwargs in held:
        signals.action_succeeded.send(HELD_ACTION, **kwargs)
