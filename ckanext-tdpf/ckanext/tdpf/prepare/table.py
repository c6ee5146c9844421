"""The table a preparation step works on: a grid of cells read from one
sheet, one PDF table or one CSV, with what the reader saw around it.

Cells are ``None`` (empty), ``str``, ``int`` or ``float``; dates read from
a spreadsheet arrive as ISO text. Row 0 is the header once the rows above
it were dropped (``Table.header`` is True then). Tables are never changed
in place: steps return new ones (:meth:`Table.replace`)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Cell", "Table", "blank", "filled", "text"]

Cell = "str | int | float | None"


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """The cell as text ("" for empty; 12.0 as "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def filled(row: list[Any]) -> int:
    return sum(1 for v in row if not blank(v))


@dataclass(frozen=True)
class Table:
    """``name``: the sheet ("H28.3.1"), "p2-1" for a PDF's second page's
    first table, "" for a CSV. ``merged``: 0-based inclusive ranges
    ``(r1, c1, r2, c2)``; ``hidden_rows``/``hidden_cols`` 0-based;
    ``meta``: what steps learnt that is no cell (``as_of``: the date the
    rows above the header gave)."""

    name: str
    cells: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()
    header: bool = False
    meta: dict[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Table:
        return dataclasses.replace(self, **changes)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.cells), default=0)

    @property
    def columns(self) -> list[str]:
        """The header row's names (after the rows above it were dropped)."""
        return [text(v).strip() for v in self.cells[0]] if self.cells else []

    @property
    def body(self) -> list[list[Any]]:
        return self.cells[1:] if self.header else self.cells

    def column_index(self, name: str | int) -> int | None:
        """A column by its header name (as written, or spaces ignored) or
        its 0-based position; None when the table has no such column."""
        if isinstance(name, int):
            return name if 0 <= name < self.width else None
        names = self.columns
        if name in names:
            return names.index(name)
        squeezed = [n.replace(" ", "").replace("\u3000", "") for n in names]
        key = name.replace(" ", "").replace("\u3000", "")
        return squeezed.index(key) if key in squeezed else None

    def padded(self) -> list[list[Any]]:
        w = self.width
        return [list(r) + [None] * (w - len(r)) for r in self.cells]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "columns": self.columns if self.header else [],
                "rows": [[text(v) for v in r] for r in self.body]}
