"""Steps on columns: renaming and choosing them, keeping some rows, wide
tables to long and back, a standard dataset's columns, and the
municipality code and name columns."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from ... import standards as std
from ...standards.schemas import Schema
from ...standards.schemas import match as match_columns
from ...vocab import municipality
from ..table import Table, blank, text
from .base import Step, register

__all__ = ["Coordinates", "FilterRows", "MapColumns", "Municipality", "Pivot", "Select", "Unpivot"]


@register
class Select(Step):
    """Rename columns (``rename`` {old: new}), add columns of one value
    (``constants`` {name: value}) and put them in ``order`` (names;
    ``only`` drops the others)."""

    name = "select"
    title_ja = "列名の変更と並べ替え"
    title_en = "Rename and reorder columns"

    def apply(self, table: Table) -> list[Table]:
        if not table.header:
            return [table]
        rename: dict[str, str] = self.params.get("rename") or {}
        rows = table.padded()
        rows[0] = [rename.get(text(v).strip(), v) for v in rows[0]]
        for name, value in (self.params.get("constants") or {}).items():
            rows = [[*rows[0], name]] + [[*r, value] for r in rows[1:]]
        order = self.params.get("order") or []
        if order:
            renamed = table.replace(cells=rows)
            first = [i for n in order if (i := renamed.column_index(n)) is not None]
            rest = [] if self.params.get("only") else [
                i for i in range(table.width) if i not in first]
            rows = [[row[i] for i in first + rest] for row in rows]
        return [table.replace(cells=rows, merged=())]


@register
class FilterRows(Step):
    """Keep the rows whose ``column`` is one of ``keep``, or drop those
    whose value is one of ``drop`` (totals, a category not wanted)."""

    name = "filter_rows"
    title_ja = "条件に合う行だけを残す"
    title_en = "Keep only the rows that match"

    def apply(self, table: Table) -> list[Table]:
        col = table.column_index(self.params.get("column", ""))
        if col is None:
            return [table]
        keep = {text(v) for v in self.params.get("keep") or []}
        drop = {text(v) for v in self.params.get("drop") or []}
        rows = [table.cells[0]] + [
            r for r in table.cells[1:]
            if (not keep or text(r[col] if col < len(r) else None).strip() in keep)
            and text(r[col] if col < len(r) else None).strip() not in drop]
        return [table.replace(cells=rows, merged=())]


@register
class Pivot(Step):
    """Long to wide: one row per value of the ``index`` columns, one
    column per value of ``columns``, cells from ``values``."""

    name = "pivot"
    title_ja = "縦長の表を横長にする"
    title_en = "Long table to wide"

    def apply(self, table: Table) -> list[Table]:
        index = [table.column_index(n) for n in self.params.get("index") or []]
        key = table.column_index(self.params.get("columns", ""))
        val = table.column_index(self.params.get("values", ""))
        if key is None or val is None or None in index:
            return [table]
        heads: list[str] = []
        rows: dict[tuple, dict[str, Any]] = {}
        for r in table.padded()[1:]:
            k = text(r[key]).strip()
            if k not in heads:
                heads.append(k)
            rows.setdefault(tuple(r[i] for i in index if i is not None), {})[k] = r[val]
        names = [table.columns[i] for i in index if i is not None]
        cells = [[*names, *heads]] + [[*ix, *(got.get(h) for h in heads)]
                                      for ix, got in rows.items()]
        return [table.replace(cells=cells, merged=())]


@register
class Unpivot(Step):
    """Wide to long: the ``id`` columns kept, every other column becomes a
    row with its name in ``name`` and its value in ``value``."""

    name = "unpivot"
    title_ja = "横長の表を縦長にする"
    title_en = "Wide table to long"

    def apply(self, table: Table) -> list[Table]:
        ids = [i for n in self.params.get("id") or [] if (i := table.column_index(n)) is not None]
        if not table.header:
            return [table]
        rows = table.padded()
        others = [c for c in range(table.width) if c not in ids]
        cells = [[*(rows[0][i] for i in ids), self.params.get("name") or "項目",
                  self.params.get("value") or "値"]]
        for r in rows[1:]:
            cells.extend([*(r[i] for i in ids), rows[0][c], r[c]] for c in others)
        return [table.replace(cells=cells, merged=())]


def _schema(standard: str) -> Schema | None:
    name, _, version = standard.partition("-")
    found = [s for s in std.schemas() if s.standard == name]
    if version:
        found = [s for s in found if s.version == version]
    return found[-1] if found else None


def _mapping(columns: list[str], schema: Schema) -> dict[str, str]:
    """{column: standard field} by the standards' header matching."""
    return {col: f for f, (_, col, _) in match_columns(columns, schema).found.items()}


@register
class MapColumns(Step):
    """The columns of a standard dataset: matched columns renamed to the
    standard's names (施設名 → 名称), in the standard's order, missing ones
    added empty (``add_missing``), the file's other columns after them.

    params: ``standard`` ("aed", "aed-v1"), ``mapping`` {column: field}."""

    name = "map_columns"
    title_ja = "推奨データセットの列に合わせる"
    title_en = "Map the columns to a standard dataset's columns"

    def apply(self, table: Table) -> list[Table]:
        schema = _schema(self.params.get("standard") or "")
        if schema is None or not table.header:
            return [table]
        mapping: dict[str, str] = dict(self.params.get("mapping") or {})
        if not mapping:  # replayed on a file whose header was not seen: match it now
            mapping = _mapping(table.columns, schema)
        rows = table.padded()
        names = table.columns
        at = {mapping[n]: i for i, n in enumerate(names) if n in mapping}
        fields = [f["name"] for f in schema.fields]
        order: list[int | None] = []
        heads: list[str] = []
        for f in fields:
            if f in at:
                order.append(at[f])
                heads.append(f)
            elif self.params.get("add_missing"):
                order.append(None)
                heads.append(f)
        used = {i for i in order if i is not None}
        for i, n in enumerate(names):
            if i not in used:
                order.append(i)
                heads.append(n)
        cells = [heads] + [[None if i is None else r[i] for i in order] for r in rows[1:]]
        return [table.replace(cells=cells, merged=())]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header:
            return None
        wanted = (hints or {}).get("standard")
        standard = wanted or std.detect(table.columns)
        schema = _schema(standard) if standard else None
        if schema is None:
            return None
        mapping = _mapping(table.columns, schema)
        renames = any(col != f for col, f in mapping.items())
        fields = [f["name"] for f in schema.fields]
        missing = [f for f in fields if f not in mapping.values()]
        if not (renames or missing or wanted):
            return None
        return cls({"standard": schema.name, "mapping": mapping, "add_missing": True})


CODE_NAMES = ("全国地方公共団体コード", "都道府県コード又は市区町村コード", "市区町村コード",
              "地方公共団体コード", "lgcode", "prefCode", "団体コード")
NAME_NAMES = ("地方公共団体名", "市区町村名", "自治体名", "city")


def _code(value: Any) -> str | None:
    v = unicodedata.normalize("NFKC", text(value)).strip()
    if len(v) == 5 and v.isdigit():  # written without its check digit
        v += municipality.check_digit(v)
    try:
        return municipality.validate(v)
    except municipality.CodeError:
        return None


def _by_name(name: str) -> str | None:
    found = [c for c, row in municipality.table().items() if row["name"] == name]
    return found[0] if len(found) == 1 else None


@register
class Municipality(Step):
    """Fill the municipality code and name columns: blank cells get
    ``code`` and its name; codes written without the check digit get it.

    params: ``code`` (6 digits), ``name``."""

    name = "municipality"
    title_ja = "全国地方公共団体コードと団体名の列を埋める"
    title_en = "Fill the municipality code and name columns"

    def apply(self, table: Table) -> list[Table]:
        code = self.params.get("code") or ""
        name = self.params.get("name") or municipality.name(code) or ""
        if not table.header:
            return [table]
        code_cols = [i for i, n in enumerate(table.columns) if n in CODE_NAMES]
        name_cols = [i for i, n in enumerate(table.columns) if n in NAME_NAMES]
        rows = table.padded()
        for r in rows[1:]:
            for c in code_cols:
                r[c] = (_code(r[c]) or r[c]) if not blank(r[c]) else (code or None)
            for c in name_cols:
                if blank(r[c]):
                    found = next((_code(r[k]) for k in code_cols if _code(r[k])), None)
                    r[c] = (municipality.name(found) if found else None) or name or None
        return [table.replace(cells=rows)]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header:
            return None
        names = table.columns
        code_cols = [i for i, n in enumerate(names) if n in CODE_NAMES]
        name_cols = [i for i, n in enumerate(names) if n in NAME_NAMES]
        if not code_cols and not name_cols:
            return None
        body = table.padded()[1:]
        codes = Counter(c for r in body for i in code_cols if (c := _code(r[i])))
        named = Counter(text(r[i]).strip() for r in body for i in name_cols if not blank(r[i]))
        code = (hints or {}).get("municipality") or (codes.most_common(1)[0][0] if codes else "")
        if not code and named:
            code = _by_name(named.most_common(1)[0][0]) or ""
        gaps = any(blank(r[i]) for r in body for i in code_cols + name_cols)
        short = any(len(text(r[i]).strip()) == 5 for r in body for i in code_cols)
        if not code or not (gaps or short):
            return None
        return cls({"code": code, "name": municipality.name(code) or ""})


_PAIR = re.compile(r"^\s*\(?\s*(-?\d{1,3}(?:\.\d+)?)\s*[,、，\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*\)?\s*$")
_DMS = re.compile(r"^\s*(?:北緯|東経|N|E)?\s*(\d{1,3})\s*[°度]\s*(\d{1,2})\s*['′分]\s*"
                  r"(\d{1,2}(?:\.\d+)?)\s*(?:[\"″]|秒)?\s*$")
LAT, LON = (20.0, 46.0), (122.0, 154.0)  # Japan, its remote islands included


def _degrees(value: Any) -> float | None:
    """A coordinate as decimal degrees: 34.34, 「34°20′45″」, 「北緯34度20分45秒」."""
    v = unicodedata.normalize("NFKC", text(value)).strip()
    if not v:
        return None
    m = _DMS.match(v)
    if m:
        return round(int(m.group(1)) + int(m.group(2)) / 60 + float(m.group(3)) / 3600, 7)
    try:
        return float(v)
    except ValueError:
        return None


def _in(value: float | None, bounds: tuple[float, float]) -> bool:
    return value is not None and bounds[0] <= value <= bounds[1]


@register
class Coordinates(Step):
    """Coordinates as the standards want them: a 「34.34,134.04」 cell split
    into 緯度 and 経度 columns (``pair``), degrees-minutes-seconds to
    decimal degrees and a latitude and longitude written the wrong way round
    swapped (``lat``, ``lon``). Values outside Japan are left as they are
    (a person checks them)."""

    name = "coordinates"
    title_ja = "緯度・経度を確認し、10 進数の別々の列にする"
    title_en = "Check coordinates: decimal degrees, latitude and longitude in their own columns"

    def apply(self, table: Table) -> list[Table]:
        if not table.header:
            return [table]
        rows = table.padded()
        pair = table.column_index(self.params.get("pair") or "")
        if pair is not None:
            head = rows[0][:pair] + ["緯度", "経度"] + rows[0][pair + 1:]
            body = []
            for r in rows[1:]:
                m = _PAIR.match(text(r[pair]))
                a, b = (float(m.group(1)), float(m.group(2))) if m else (None, None)
                if _in(a, LON) and _in(b, LAT):
                    a, b = b, a
                cells = [a, b] if m else [r[pair], None]
                body.append(r[:pair] + cells + r[pair + 1:])
            rows = [head, *body]
            table = table.replace(cells=rows, merged=())
        lat = table.column_index(self.params.get("lat") or "")
        lon = table.column_index(self.params.get("lon") or "")
        if lat is None or lon is None:
            return [table]
        for r in rows[1:]:
            a, b = _degrees(r[lat]), _degrees(r[lon])
            if _in(a, LON) and _in(b, LAT):
                a, b = b, a
            if _in(a, LAT) and _in(b, LON):
                r[lat], r[lon] = a, b
        return [table.replace(cells=rows)]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header or len(table.cells) < 2:
            return None
        names = table.columns
        body = table.padded()[1:]
        for c, name in enumerate(names):
            values = [text(r[c]) for r in body if not blank(r[c])]
            pairs = [m for v in values if (m := _PAIR.match(v))]
            if values and len(pairs) >= 0.8 * len(values) and all(
                    _in(float(m.group(1)), LAT) or _in(float(m.group(1)), LON) for m in pairs):
                return cls({"pair": name, "lat": "緯度", "lon": "経度"})
        lat = next((n for n in names if n in ("緯度", "latitude", "lat", "Y座標")), None)
        lon = next((n for n in names if n in ("経度", "longitude", "lon", "lng", "X座標")), None)
        if not lat or not lon:
            return None
        li, oi = names.index(lat), names.index(lon)
        fixes = 0
        for r in body:
            a, b = _degrees(r[li]), _degrees(r[oi])
            swapped = _in(a, LON) and _in(b, LAT)
            sexagesimal = _in(a, LAT) and _in(b, LON) and not (
                _is_decimal(r[li]) and _is_decimal(r[oi]))
            fixes += swapped or sexagesimal
        return cls({"lat": lat, "lon": lon}) if fixes else None


def _is_decimal(value: Any) -> bool:
    if isinstance(value, (int, float)):
        return True
    try:
        float(text(value))
    except ValueError:
        return False
    return True
