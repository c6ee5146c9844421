"""One file through preparation: read its tables, propose (or replay) the
recipe, write each table as UTF-8 CSV, and score the file and each
result with the readability rules (L1-L3) the pipeline uses."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import csvexport
from ..readability import check_file
from . import sources
from .recipe import Recipe, Trace, propose
from .table import Table

__all__ = ["Output", "Result", "levels", "prepare_file", "scored", "to_csv"]


def levels(path: str, fmt: str) -> dict[str, int | None]:
    """The file's L1-L3 scores; all None for what the rules do not read
    (a PDF: no level of machine-readability at all)."""
    return scored(path, fmt)[0]


def scored(path: str, fmt: str) -> tuple[dict[str, int | None], list[str]]:
    """The file's L1-L3 scores and the rules it still fails."""
    if fmt not in ("csv", "tsv", "xlsx", "xls"):
        return {"L1": None, "L2": None, "L3": None}, []
    report = check_file(path, fmt)
    return dict(report.levels), list(report.failed)


def to_csv(table: Table) -> bytes:
    """The table as the bundle's CSV (UTF-8 with BOM, CRLF)."""
    rows = table.padded()
    if not rows:
        return csvexport.to_bytes([], [])
    return csvexport.to_bytes(rows[0], rows[1:])


def _slug(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name).strip("_") or "table"


@dataclass
class Output:
    name: str
    path: str
    rows: int
    columns: int
    levels: dict[str, int | None]
    failed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Result:
    source: str
    format: str
    recipe: Recipe
    tables: list[Table]
    before: dict[str, int | None]
    outputs: list[Output] = field(default_factory=list)
    trace: list[Trace] = field(default_factory=list)

    @property
    def after(self) -> dict[str, int | None]:
        """Each level's lowest score over the results (what a reader of
        any of them meets)."""
        out: dict[str, int | None] = {}
        for level in ("L1", "L2", "L3"):
            found = [v for o in self.outputs if (v := o.levels.get(level)) is not None]
            out[level] = min(found) if found else None
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "format": self.format, "before": self.before,
                "after": self.after, "recipe": self.recipe.to_dict(),
                "outputs": [o.to_dict() for o in self.outputs],
                "trace": [t.to_dict() for t in self.trace]}


def prepare_file(path: str, out_dir: str | None = None, *, recipe: Recipe | None = None,
                 hints: dict[str, Any] | None = None, fmt: str | None = None,
                 score: bool = True) -> Result:
    """``path`` prepared by ``recipe`` (proposed when None); with
    ``out_dir`` the CSV results (``<name>.csv``, or ``<name>__<table>.csv``
    for several) and ``<name>.recipe.json`` are written there and scored."""
    fmt = fmt or sources.detect_format(path)
    if fmt is None:
        raise ValueError(f"not a table file: {os.path.basename(path)}")
    # an empty sheet is no result
    tables = [t for t in sources.read(path, fmt, encoding=recipe.encoding if recipe else None)
              if any(v is not None for row in t.cells for v in row)]
    trace: list[Trace] = []
    if recipe is None:
        recipe, tables = propose(tables, hints, trace)
    else:
        tables = recipe.apply(tables, trace)
    result = Result(path, fmt, recipe, tables,
                    levels(path, fmt) if score else {}, trace=trace)
    if out_dir is None:
        return result
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = _slug(Path(path).stem)
    (out / f"{stem}.recipe.json").write_text(recipe.to_json(), encoding="utf-8")
    for t in tables:
        name = f"{stem}.csv" if len(tables) == 1 else f"{stem}__{_slug(t.name)}.csv"
        target = out / name
        target.write_bytes(to_csv(t))
        found, failed = scored(str(target), "csv") if score else ({}, [])
        result.outputs.append(Output(t.name, str(target), max(len(t.cells) - 1, 0), t.width,
                                     found, failed))
    return result
