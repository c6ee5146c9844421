"""Process-wide callables replaced for one thread (a tool of the compat
modules, not a patch itself).

A harvest batch replaces a few process-wide callables while it runs (held
signals, remembered lookups, deferred link checks). Other threads of the
process (a reimport through the API runs in a web server's thread) keep the
real ones, and the original is put back when the batch ends.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any


@contextlib.contextmanager
def replaced(target: Any, name: str,
             replace: Callable[[Callable[..., Any]], Callable[..., Any]]) -> Iterator[None]:
    """``target.name`` is ``replace(real)`` on this thread meanwhile."""
    original = vars(target).get(name)  # None: inherited or the class's method
    real = getattr(target, name)
    mine, owner = replace(real), threading.get_ident()

    def dispatch(*args: Any, **kwargs: Any) -> Any:
        return (mine if threading.get_ident() == owner else real)(*args, **kwargs)

    setattr(target, name, dispatch)
    try:
        yield
    finally:
        if original is None:
            delattr(target, name)
        else:
            setattr(target, name, original)
