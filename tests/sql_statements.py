"""SQL a block of test code sends to the database, to assert what a call
costs: ``with recorded() as seen: ...`` then ``seen`` holds
``(statement, parameters)`` pairs."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from ckan import model


@contextlib.contextmanager
def recorded() -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, parameters, *_):
        seen.append((statement, parameters))
    sa.event.listen(model.meta.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", record)
