"""detect() and validate(): a table against a standard dataset's schema."""

from __future__ import annotations

import re
from typing import Any

from ..readability.model import Finding
from ..readability.reader import decode_check, open_sheets
from ..vocab import municipality
from .schemas import Match, Schema, match, schemas

__all__ = ["detect", "validate"]

MIN_SCORE = 0.5
MAX_PLACES = 5
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URI = re.compile(r"^https?://\S+$", re.I)


def _best(columns: list[str], candidates: tuple[Schema, ...]) -> Match | None:
    best: Match | None = None
    for schema in candidates:
        m = match(columns, schema)
        if m.score < MIN_SCORE or m.specific < 1:
            continue
        if best is None or (m.score, m.schema.version == "current") > (
            best.score,
            best.schema.version == "current",
        ):
            best = m
    return best


def detect(columns: list[str]) -> str | None:
    """The standard whose columns the header row matches best (at least
    half of them, one of which is not a column most standards share)."""
    best = _best([str(c or "") for c in columns], schemas())
    return best.schema.standard if best else None


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip().replace(",", ""))
    except ValueError:
        return None


def _type_ok(field: dict[str, Any], v: Any) -> bool:
    kind, fmt = field.get("type"), field.get("format")
    s = str(v).strip()
    if kind == "number":
        return _number(v) is not None
    if kind == "integer":
        n = _number(v)
        return n is not None and n.is_integer()
    if kind == "time":
        return bool(_TIME.match(s)) or hasattr(v, "hour")
    if kind == "date":
        return bool(_DATE.match(s)) or hasattr(v, "year")
    if fmt == "uri":
        return bool(_URI.match(s))
    return True


class _Places:
    def __init__(self) -> None:
        self.count = 0
        self.items: list[tuple[int, int, str]] = []

    def add(self, row: int, col: int, seen: str) -> None:
        self.count += 1
        if len(self.items) < MAX_PLACES:
            self.items.append((row, col, seen))


def _code_problem(v: Any) -> str | None:
    code = str(v).strip()
    if isinstance(v, int) and not isinstance(v, bool):
        code = f"{v:06d}" if v < 1_000_000 else str(v)
    try:
        municipality.validate(code)
    except municipality.CodeError as exc:
        if exc.reason == "check_digit":
            return f"{code}: 検査数字の誤り（正しくは {exc.correct}）"
        if exc.reason == "unknown":
            return f"{code}: 存在しないコード"
        return f"{code}: 6桁の数字ではありません"
    return None


def validate(
    path: str, fmt: str, standard_id: str, *, encoding: str | None = None
) -> list[Finding]:
    """Findings (rule ids "STD-...") of the file against the standard: its
    first sheet's first non-empty row is the header."""
    candidates = tuple(s for s in schemas() if s.standard == standard_id)
    if not candidates:
        raise ValueError(f"unknown standard dataset: {standard_id}")
    fmt = fmt.lower()
    if fmt in ("csv", "tsv"):
        encoding, _ = decode_check(path, encoding)
    sheets = open_sheets(path, fmt, encoding)
    if not sheets:
        return []
    sheet = sheets[0]
    name = sheet.name or None
    rows = sheet.rows()
    header_row, columns = _header(rows)
    m = _best(columns, candidates) or max(
        (match(columns, s) for s in candidates), key=lambda x: x.score
    )
    findings = _header_findings(m, name, header_row)
    checks = [(f, m.found[f["name"]][0]) for f in m.schema.fields if f["name"] in m.found]
    places: dict[tuple[str, str], _Places] = {}
    for row, values, _ in rows:
        if any(v is not None for v in values):
            for field, i in checks:
                v = values[i] if i < len(values) else None
                for rule, seen in _value_problems(field, v):
                    places.setdefault((rule, field["name"]), _Places()).add(row, i + 1, seen)
    for (rule, _field_name), p in places.items():
        findings.extend(
            Finding.of(rule, sheet=name, row=row, column=col, seen=seen, count=p.count)
            for row, col, seen in p.items
        )
    return findings


def _header(rows: Any) -> tuple[int, list[str]]:
    """The first non-empty row: its number and its names."""
    for row, values, _ in rows:
        if any(v is not None for v in values):
            return row, ["" if v is None else str(v).strip() for v in values]
    return 0, []


def _header_findings(m: Match, name: str | None, header_row: int) -> list[Finding]:
    """Missing columns, and columns found under another name."""
    findings: list[Finding] = []
    for field in m.schema.fields:
        got = m.found.get(field["name"])
        if got is None:
            required = bool(field.get("constraints", {}).get("required"))
            rule = "STD-missing-column" if required else "STD-missing-optional"
            findings.append(
                Finding.of(rule, sheet=name, row=header_row, seen=field["name"], cell="")
            )
        elif got[2] in ("alias", "similar"):
            findings.append(
                Finding.of(
                    "STD-renamed-column",
                    sheet=name,
                    row=header_row,
                    column=got[0] + 1,
                    seen=f"{got[1]} → {field['name']}",
                )
            )
    return findings


def _value_problems(field: dict[str, Any], v: Any) -> list[tuple[str, str]]:
    """(rule id, what was seen) of one value of a standard's column."""
    if v is None or not str(v).strip():
        required = field.get("constraints", {}).get("required")
        return [("STD-required-value", "")] if required else []
    sep = field.get("x-tdpf-separator")
    parts = str(v).split(sep) if sep and isinstance(v, str) else [v]
    if not all(_type_ok(field, part) for part in parts):
        return [("STD-type", f"{field['type']}: {str(v)[:40]!r}")]
    if field.get("x-tdpf-check") == "municipality-code":
        problem = _code_problem(v)
        return [("STD-code", problem)] if problem else []
    bounds = field.get("constraints", {})
    x = _number(v) if "minimum" in bounds else None
    if x is not None and not bounds["minimum"] <= x <= bounds["maximum"]:
        swapped = (field["name"] == "緯度" and 122 <= x <= 154) or (
            field["name"] == "経度" and 20 <= x <= 46
        )
        note = "（緯度と経度が逆）" if swapped else ""
        return [("STD-coordinates", f"{field['name']} {x}{note}")]
    return []
