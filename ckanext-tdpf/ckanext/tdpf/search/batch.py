"""Index rows written a chunk at a time: one multi-row upsert instead of
two statements per dataset.

Inside :func:`collecting`, the connection's ``add`` hands its rows here
(:func:`offer`); they are written when the block ends, or earlier when a
delete must not overtake them, with statement.upsert_rows: the same
statement a single write uses, with one VALUES tuple per row.

Most of PostgreSQL's work on these rows is their GIN entries (thousands
per row). New entries go to each GIN index's pending list, merged into the
index when the list outgrows ``gin_pending_list_limit``; merging larger
batches costs less per entry (measured in bench/README.md, "Rebuild
throughput"). A rebuild's
transactions raise the limit for themselves; what is left is merged when
the rebuild ends with the search index's commit (statement.tidy), so that
no later write or search pays for it. Meanwhile, searches read the longer
lists too.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from . import statement

PENDING_LIST_LIMIT = "32MB"  # PostgreSQL's default: 4MB

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
    # for this transaction only
    statement.execute("SELECT set_config('gin_pending_list_limit', %s, true)",
                      [PENDING_LIST_LIMIT])
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

