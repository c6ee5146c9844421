"""Index rows written a chunk at a time: one multi-row upsert instead of
two statements per dataset.

Inside :func:`collecting`, the connection's ``add`` hands its rows here
(:func:`offer`); they are written when the block ends, or earlier when a
delete must not overtake them, with statement.upsert_rows: the same
statement a single write uses, with one VALUES tuple per row.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

from . import statement

_local = threading.local()


class _Pending:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}  # by id: the last one wins
        self.terms: dict[int, tuple[str, str]] = {}

    def flush(self) -> None:
        rows, terms = list(self.rows.values()), self.terms
        self.rows, self.terms = {}, {}
        statement.upsert_rows(rows, terms)


@contextlib.contextmanager
def collecting() -> Iterator[None]:
    """Rows offered meanwhile are written at the end (not if it raises)."""
    previous = getattr(_local, "pending", None)
    pending = _local.pending = _Pending()
    try:
        yield
        pending.flush()
    finally:
        _local.pending = previous


def offer(row: dict[str, Any], terms: list[tuple[int, str, str]]) -> bool:
    """Keep the row for the chunk's upsert; False outside :func:`collecting`."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        return False
    pending.rows[row["id"]] = row
    pending.terms.update((h, (f, v)) for h, f, v in terms)
    return True


def flush() -> None:
    """Write what is pending now (before a delete, which runs at once)."""
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending.flush()
