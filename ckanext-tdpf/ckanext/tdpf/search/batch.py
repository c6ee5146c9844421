"""Index rows written a chunk at a time: one multi-row upsert instead of
two statements per dataset.

Inside :func:`collecting`, the connection's ``add`` hands its rows here
(:func:`offer`); they are written when the block ends, or earlier when a
delete must not overtake them. The statement is statement.py's single-row
upsert with its VALUES tuple repeated, so whatever that upsert writes per
row, this writes too.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

from . import statement
from .statement import COLUMNS, TERM_TABLE

_local = threading.local()
_VALUES, _ON_CONFLICT = " VALUES (", ") ON CONFLICT "


def many_rows_sql(n: int) -> str:
    """statement._UPSERT for ``n`` rows."""
    head, rest = statement._UPSERT.split(_VALUES, 1)
    one, tail = rest.split(_ON_CONFLICT, 1)
    return f"{head} VALUES {', '.join([f'({one})'] * n)} ON CONFLICT {tail}"


def upsert_many(rows: list[dict[str, Any]], terms: dict[int, tuple[str, str]]) -> None:
    """Write rows (distinct ids) and their facet term names, in the
    caller's transaction."""
    if terms:
        values = ", ".join(["(%s, %s, %s)"] * len(terms))
        statement.execute(
            f"INSERT INTO {TERM_TABLE} (hash, field, value) VALUES {values} "
            "ON CONFLICT (hash) DO NOTHING",
            [x for h in sorted(terms) for x in (h, *terms[h])])
    if rows:
        statement.execute(many_rows_sql(len(rows)), [r[c] for r in rows for c in COLUMNS])


class _Pending:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}  # by id: the last one wins
        self.terms: dict[int, tuple[str, str]] = {}

    def flush(self) -> None:
        rows, terms = list(self.rows.values()), self.terms
        self.rows, self.terms = {}, {}
        upsert_many(rows, terms)


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
