"""What every preparation step is: a name, its parameters (JSON), a pure
function from a table to the tables it becomes, and ``propose``, which
looks at a table (and ``hints``: the pipeline's findings on its file,
the standard asked for, the municipality) and suggests
the step with parameters, or nothing.

A step never changes its input: undoing one is replaying the recipe
without it from the original file, which stays as it was."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..table import Table

__all__ = ["REGISTRY", "Step", "StepError", "register", "step_from_dict"]

REGISTRY: dict[str, type[Step]] = {}


class StepError(ValueError):
    """A step's JSON that names no known step or has no parameters object."""


@dataclass
class Step:
    """``name`` identifies the kind of step in a recipe; ``title_ja`` and
    ``title_en`` say what it does; ``params`` are JSON values only."""

    name: ClassVar[str] = ""
    title_ja: ClassVar[str] = ""
    title_en: ClassVar[str] = ""
    params: dict[str, Any] = field(default_factory=dict)

    def apply(self, table: Table) -> list[Table]:
        """The table(s) this step makes of ``table`` (most make one)."""
        raise NotImplementedError

    def apply_all(self, tables: list[Table]) -> list[Table]:
        """Every table through the step, in order (a step combining tables,
        such as stacking, replaces this)."""
        return [out for t in tables for out in self.apply(t)]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        """This step with the parameters ``table`` needs, or None."""
        return None

    @classmethod
    def propose_all(cls, tables: list[Table],
                    hints: dict[str, Any] | None = None) -> Step | None:
        """One step for all the tables: the first table's proposal with the
        list parameters of the others' added (a column to convert in one
        sheet is converted in every sheet where it is)."""
        found = [s for t in tables if (s := cls.propose(t, hints)) is not None]
        if not found:
            return None
        params = dict(found[0].params)
        for other in found[1:]:
            for key, value in other.params.items():
                if isinstance(value, list) and isinstance(params.get(key), list):
                    params[key] = params[key] + [v for v in value if v not in params[key]]
                elif isinstance(value, dict) and isinstance(params.get(key), dict):
                    params[key] = {**value, **params[key]}
        return cls(params)

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.name, "params": self.params}

    def describe(self, lang: str = "ja") -> str:
        return self.title_ja if lang == "ja" else self.title_en


def register(cls: type[Step]) -> type[Step]:
    REGISTRY[cls.name] = cls
    return cls


def step_from_dict(data: dict[str, Any]) -> Step:
    """A step from its JSON; ValueError names an unknown step or bad params."""
    if not isinstance(data, dict) or not isinstance(data.get("step"), str):
        raise StepError("a step is an object with a 'step' name")
    cls = REGISTRY.get(data["step"])
    if cls is None:
        raise StepError(f"unknown step: {data['step']}")
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise StepError(f"{data['step']}: params must be an object")
    return cls(dict(params))


def columns_of(table: Table, names: list[Any]) -> list[int]:
    """The 0-based positions of the named columns the table has."""
    found = (table.column_index(n) for n in names)
    return [i for i in found if i is not None]


def map_cells(table: Table, cols: list[int], fn: Any) -> Table:
    """The table with ``fn`` applied to every body cell of ``cols``."""
    if not cols:
        return table
    start = 1 if table.header else 0
    cells = [list(r) for r in table.cells]
    for row in cells[start:]:
        for c in cols:
            if c < len(row):
                row[c] = fn(row[c])
    return table.replace(cells=cells)
