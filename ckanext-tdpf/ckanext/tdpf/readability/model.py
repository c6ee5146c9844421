"""Findings and the report of one file, and how levels are scored.

Scoring follows the agency's checker: a rule is judged once per table
found (a single-table file: once per rule), a failed rule deducts its
points once per table however many cells fail, a FATAL failure zeroes its
level, and a level none of whose rules could be judged is None."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .rules import RULES

__all__ = ["Finding", "Report", "cell_ref", "column_letter"]

LEVELS = ("L1", "L2", "L3")


def column_letter(col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int | None, col: int | None) -> str:
    if not row or not col:
        return ""
    return f"{column_letter(col)}{row}"


@dataclass
class Finding:
    """One place where a rule fails. ``row``/``column`` are 1-based (None
    for the whole file, sheet, row or column); ``cell`` is "B7", a range
    "A1:A3" or ""; ``count`` is how many places of this rule failed in
    the same table (the report keeps only the first few)."""

    rule_id: str
    level: str
    severity: str | int
    title_ja: str
    title_en: str
    sheet: str | None
    row: int | None
    column: int | None
    cell: str
    seen: str
    fix_ja: str
    fix_en: str
    count: int = 1

    @classmethod
    def of(
        cls,
        rule_id: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
        cell: str | None = None,
        seen: str = "",
        severity: str | int | None = None,
        count: int = 1,
    ) -> Finding:
        r = RULES[rule_id]
        return cls(
            rule_id=rule_id,
            level=r.level,
            severity=r.severity if severity is None else severity,
            title_ja=r.title_ja,
            title_en=r.title_en,
            sheet=sheet,
            row=row,
            column=column,
            cell=cell if cell is not None else cell_ref(row, column),
            seen=seen[:200],
            fix_ja=r.fix_ja,
            fix_en=r.fix_en,
            count=count,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Judgement:
    """One rule judged on one table: passed, or failed with a severity."""

    rule_id: str
    passed: bool
    severity: str | int


@dataclass
class Report:
    format: str
    levels: dict[str, int | None] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    applicable: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    encoding: str | None = None
    tables: int = 0
    sheets: int = 0
    rows: int = 0
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["findings"] = [f.to_dict() for f in self.findings]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        names = cls.__dataclass_fields__.keys()
        kept = {k: v for k, v in data.items() if k in names}
        kept["findings"] = [Finding.from_dict(f) for f in data.get("findings") or []]
        return cls(**kept)


def score(judgements: list[Judgement]) -> dict[str, int | None]:
    """Per level: None when nothing was judged, 0 on a FATAL failure, else
    100 minus the deductions of the failed judgements (at least 0)."""
    levels: dict[str, int | None] = {}
    for level in LEVELS:
        mine = [j for j in judgements if j.rule_id.startswith(level)]
        if not mine:
            levels[level] = None
            continue
        failed = [j for j in mine if not j.passed]
        if any(j.severity == "FATAL" for j in failed):
            levels[level] = 0
            continue
        levels[level] = max(0, 100 - sum(int(j.severity) for j in failed))
    return levels
