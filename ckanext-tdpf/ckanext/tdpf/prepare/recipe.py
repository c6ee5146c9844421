"""A recipe: the ordered steps that turned one file into clean tables,
as versioned JSON, so that the next edition of the same file (next
month's workbook) goes through the same steps.

``propose(tables, hints)`` builds one from what the tables show (each
step proposed on what the steps before it made); ``Recipe.apply``
replays it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .steps import AUTOMATIC, Step, step_from_dict
from .table import Table, text

__all__ = ["VERSION", "Recipe", "RecipeError", "Trace", "propose"]

VERSION = 1


class RecipeError(ValueError):
    """A recipe that cannot be read (bad JSON, unknown step, newer version)."""


@dataclass
class Trace:
    """What one step did: tables and rows before and after, cells changed."""

    step: str
    tables_before: int
    tables_after: int
    rows_before: int
    rows_after: int
    changed: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _cells(tables: list[Table]) -> list[list[str]]:
    return [[text(v) for v in row] for t in tables for row in t.cells]


def _changed(before: list[Table], after: list[Table]) -> int:
    """Cells whose text differs, row by row (added or removed rows count
    their cells)."""
    a, b = _cells(before), _cells(after)
    n = 0
    for i in range(max(len(a), len(b))):
        ra = a[i] if i < len(a) else []
        rb = b[i] if i < len(b) else []
        n += sum(1 for j in range(max(len(ra), len(rb)))
                 if (ra[j] if j < len(ra) else "") != (rb[j] if j < len(rb) else ""))
    return n


@dataclass
class Recipe:
    steps: list[Step] = field(default_factory=list)
    version: int = VERSION
    note: str = ""

    @property
    def encoding(self) -> str | None:
        """The text encoding the recipe reads files in (its encoding step)."""
        return next((s.params.get("encoding") for s in self.steps if s.name == "encoding"), None)

    def apply(self, tables: list[Table], trace: list[Trace] | None = None) -> list[Table]:
        for step in self.steps:
            before = tables
            tables = step.apply_all(tables)
            if trace is not None:
                trace.append(Trace(step.name, len(before), len(tables),
                                   sum(len(t.cells) for t in before),
                                   sum(len(t.cells) for t in tables),
                                   _changed(before, tables)))
        return tables

    def without(self, index: int) -> Recipe:
        """The recipe with step ``index`` taken back (replayed from the
        original, the other steps give what they gave without it)."""
        return Recipe([s for i, s in enumerate(self.steps) if i != index], self.version,
                      self.note)

    def to_dict(self) -> dict[str, Any]:
        return {"tdpf_recipe": self.version, "note": self.note,
                "steps": [s.to_dict() for s in self.steps]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: Any) -> Recipe:
        if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
            raise RecipeError("a recipe is an object with a list of steps")
        version = data.get("tdpf_recipe", VERSION)
        if not isinstance(version, int) or version > VERSION:
            raise RecipeError(f"recipe version {version} is newer than this catalog's "
                              f"({VERSION})")
        try:
            steps = [step_from_dict(s) for s in data["steps"]]
        except ValueError as exc:
            raise RecipeError(str(exc)) from exc
        return cls(steps, VERSION, str(data.get("note") or ""))

    @classmethod
    def from_json(cls, content: str) -> Recipe:
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise RecipeError(f"not JSON: {exc.msg} (line {exc.lineno})") from exc
        return cls.from_dict(data)


def propose(tables: list[Table], hints: dict[str, Any] | None = None,
            trace: list[Trace] | None = None) -> tuple[Recipe, list[Table]]:
    """The automatic steps ``tables`` need, and what they make of them."""
    recipe = Recipe()
    for cls in AUTOMATIC:
        step = cls.propose_all(tables, hints)
        if step is None:
            continue
        recipe.steps.append(step)
        tables = Recipe([step]).apply(tables, trace)
    return recipe, tables
