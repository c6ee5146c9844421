"""Where the tables of a sheet are, and which rows are their headers.

The agency's checker finds tables as "islands" of non-empty cells: runs of
rows and of columns split by one blank row or column; a header-only band
joins the data band right under it; title/note/source/total rows at an
island's edges are cut off (they become cells "outside the table", rule
L1-04); one-column islands are no table. Headers are the leading rows
that look like headers (bold, merged, or all text without data-like
numbers). This module follows those conditions on the few rows it keeps
of each band (its first and last rows), so memory does not grow with the
file: a sheet is read once to find the bands, and the rules read it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Grid", "Region", "find_tables", "is_numeric_string"]

GAP = 1  # a blank row/column this wide splits islands
MAX_HEADER_ROWS = 5
HEAD_ROWS = 40  # rows kept from the top of each band
TAIL_ROWS = 12  # rows kept from the bottom of each band
# the agency's three numeric-string patterns (integer, decimal, thousands) as one
_NUMERIC = re.compile(r"^[+-]?(\d+|\d+\.\d+|\d{1,3}(,\d{3})*(\.\d+)?)$")
_TOTAL = re.compile(r"^(合計|小計|総計|計|総数|総合計|3カ年平均)$")
_NOTE = re.compile(r"^\s*(※|（注）|注[：:）)]|備考)")
_SUM = re.compile(r"^=?\s*(SUM|SUBTOTAL)\b", re.IGNORECASE)
MISSING = frozenset(
    {"-", "－", "–", "―", "…", "‥", "*", "×", "x", "X", "N/A", "n/a", "NA", "-\u3000"}
)


def is_numeric_string(s: str) -> bool:
    if not s or not (s[0].isdigit() or s[0] in "+-"):
        return False
    return _NUMERIC.match(s) is not None


def _data_like(s: str) -> bool:
    return "," in s or "." in s or len(s.lstrip("+-")) >= 3


@dataclass
class Band:
    start: int
    end: int
    cols: set[int] = field(default_factory=set)
    head: list[int] = field(default_factory=list)


@dataclass
class Region:
    start_row: int
    start_col: int
    end_row: int
    end_col: int
    header_rows: list[int] = field(default_factory=list)
    trivial: bool = False

    @property
    def body_start(self) -> int:
        return self.header_rows[-1] + 1 if self.header_rows else self.start_row

    def contains(self, row: int, col: int) -> bool:
        return self.start_row <= row <= self.end_row and self.start_col <= col <= self.end_col


class Grid:
    """The rows kept of a sheet (first and last rows of each band) with the
    sheet's merged ranges; cells of rows not kept read as absent."""

    def __init__(
        self, rows: dict[int, tuple[list[Any], Any]], merged: list[tuple[int, int, int, int]]
    ):
        self.rows = rows
        self.merged = merged
        self.master: dict[tuple[int, int], tuple[int, int]] = {}
        kept = sorted(rows)
        if merged and kept:
            import bisect

            for r1, c1, r2, c2 in merged:
                i = bisect.bisect_left(kept, r1)
                while i < len(kept) and kept[i] <= r2:
                    for c in range(c1, min(c2, c1 + 500) + 1):
                        self.master[(kept[i], c)] = (r1, c1)
                    i += 1

    def kept(self, row: int) -> bool:
        return row in self.rows

    def value(self, row: int, col: int) -> Any:
        got = self.rows.get(row)
        if got is None or col > len(got[0]):
            return None
        return got[0][col - 1]

    def style(self, row: int, col: int):
        got = self.rows.get(row)
        if got is None or got[1] is None or col > len(got[1]):
            return None
        return got[1][col - 1][1]

    def formula(self, row: int, col: int) -> str | None:
        got = self.rows.get(row)
        if got is None or got[1] is None or col > len(got[1]):
            return None
        return got[1][col - 1][0]

    def bold(self, row: int, col: int) -> bool:
        style = self.style(row, col)
        return bool(style is not None and style.bold)

    def merged_at(self, row: int, col: int) -> bool:
        return (row, col) in self.master

    def non_empty(self, row: int, sc: int, ec: int) -> list[tuple[int, Any]]:
        got = self.rows.get(row)
        if got is None:
            return []
        vals = got[0]
        return [
            (c, vals[c - 1]) for c in range(sc, min(ec, len(vals)) + 1) if vals[c - 1] is not None
        ]


def split_bands(indices: list[int]) -> list[tuple[int, int]]:
    bands: list[tuple[int, int]] = []
    for idx in indices:
        if bands and idx - bands[-1][1] <= GAP:
            bands[-1] = (bands[-1][0], idx)
        else:
            bands.append((idx, idx))
    return bands


def header_strength(g: Grid, row: int, sc: int, ec: int) -> int:  # noqa: C901, PLR0912 - the agency's layout heuristics, step by step
    """0: no header; 1: all text without data-like numbers; 2: bold or merged."""
    cells = g.non_empty(row, sc, ec)
    if not cells:
        return 0
    if any(g.bold(row, c) for c, _ in cells):
        return 2
    if any(g.merged_at(row, c) for c, _ in cells):
        vertical = 0
        for r1, c1, r2, c2 in g.merged:
            if r1 <= row <= r2 and c1 >= sc and c2 <= ec:
                if c2 > c1:
                    return 2
                if r2 > r1:
                    vertical += 1
        if vertical >= 3:
            return 2
    if all(isinstance(v, str) for _, v in cells):
        meaningful = data_like = 0
        for _, v in cells:
            s = v.strip()
            if not s or s in MISSING:
                continue
            meaningful += 1
            if is_numeric_string(s) and _data_like(s):
                data_like += 1
        if data_like <= max(meaningful, 1) * 0.3:
            return 1
    return 0


def _band_is_header_like(g: Grid, sr: int, er: int, sc: int, ec: int) -> bool:
    width = ec - sc + 1
    strong = data_row = False
    for row in range(sr, er + 1):
        strength = header_strength(g, row, sc, ec)
        if strength >= 2:
            strong = True
            continue
        if strength == 1:
            continue
        values = [v for _, v in g.non_empty(row, sc, ec)]
        if not values or (len(values) <= 2 and width >= 3):
            continue
        numeric = any(isinstance(v, (int, float)) for v in values) or any(
            isinstance(v, str) and is_numeric_string(v.strip()) and _data_like(v.strip())
            for v in values
        )
        if numeric and len(values) / width > 0.3:
            data_row = True
    return strong and not data_row


def merge_header_bands(g: Grid, bands: list[Band], col_bands: list[tuple[int, int]]) -> list[Band]:
    if len(bands) <= 1 or not col_bands:
        return bands
    sc, ec = max(col_bands, key=lambda b: b[1] - b[0])
    out: list[Band] = []
    i = 0
    while i < len(bands):
        cur = Band(bands[i].start, bands[i].end, set(bands[i].cols), list(bands[i].head))
        j = i + 1
        while j < len(bands) and bands[j].start - cur.end - 1 <= 1:
            rows = cur.end - cur.start + 1
            limit = MAX_HEADER_ROWS + 5
            for r1, c1, r2, _c2 in g.merged:
                if cur.start <= r1 <= cur.end and c1 >= sc and _c2 <= ec and r2 - r1 >= 1:
                    limit = max(limit, rows + 2)
            if rows <= limit and _band_is_header_like(g, cur.start, cur.end, sc, ec):
                nxt = bands[j]
                cur = Band(cur.start, nxt.end, cur.cols | nxt.cols, cur.head + nxt.head)
                j += 1
            else:
                break
        out.append(cur)
        i = j
    return out


Other = tuple[int, int, Any, str]  # row, column, value, kind (title/total/note/source/isolated)


def trim(g: Grid, sr: int, er: int, sc: int, ec: int) -> tuple[int, int, list[Other]]:  # noqa: C901, PLR0912 - the agency's layout heuristics, step by step
    """Cut title rows off the top and total/note/source rows off the bottom."""
    others: list[Other] = []
    width = ec - sc + 1
    ts, te = sr, er
    while width >= 3 and ts < te and g.kept(ts):
        cells = g.non_empty(ts, sc, ec)
        signal = any(g.merged_at(ts, c) or g.bold(ts, c) for c in range(sc, ec + 1))
        n = len(cells)
        fill = n / width
        if (
            (n == 1 and signal and width >= 4)
            or (fill <= 0.15 and not signal)
            or (1 <= n <= 2 and not signal)
        ):
            others.extend((ts, c, v, "title") for c, v in cells)
            ts += 1
        else:
            break
    while te > ts and g.kept(te):
        cells = g.non_empty(te, sc, ec)
        if not cells:
            te -= 1
            continue
        kind = None
        if any(_SUM.match(g.formula(te, c) or "") for c, _ in cells if g.formula(te, c)) or any(
            isinstance(v, str) and _TOTAL.match(v.strip()) for _, v in cells[:3]
        ):
            kind = "total"
        else:
            first = cells[0][1]
            if isinstance(first, str) and _NOTE.match(first):
                kind = "note"
            elif isinstance(first, str) and len(cells) / width < 0.3:
                source = first.strip().startswith(
                    ("出典", "Source", "source", "参考", "出所", "資料")
                )
                if source or len(cells) / width <= 0.2:
                    kind = "source" if source else "note"
        if kind is None:
            break
        others.extend((te, c, v, kind) for c, v in cells)
        te -= 1
    if ts == te and width >= 3:
        cells = g.non_empty(ts, sc, ec)
        if cells and len(cells) / width <= 0.2 and all(isinstance(v, str) for _, v in cells):
            others.extend((ts, c, v, "note") for c, v in cells)
            ts = te + 1
    return ts, te, others


def _signature(g: Grid, row: int, sc: int, ec: int) -> tuple[str, ...]:
    out = []
    for c in range(sc, ec + 1):
        v = g.value(row, c)
        out.append(
            "none"
            if v is None
            else "num"
            if isinstance(v, (int, float))
            else "str"
            if isinstance(v, str)
            else "other"
        )
    return tuple(out)


def _row_empty(g: Grid, row: int, sc: int, ec: int) -> bool:
    return not g.non_empty(row, sc, ec)


def estimate_headers(g: Grid, sr: int, er: int, sc: int, ec: int) -> list[int]:  # noqa: C901, PLR0912, PLR0915 - the agency's layout heuristics, step by step
    """The header rows of a table (possibly none), as the agency estimates them."""
    if sr == er:
        return []
    limit = MAX_HEADER_ROWS
    for r1, c1, r2, c2 in g.merged:
        if (
            sr <= r1 < sr + MAX_HEADER_ROWS
            and r2 > sr + MAX_HEADER_ROWS - 1
            and c1 >= sc
            and c2 <= ec
        ):
            limit = max(limit, r2 - sr + 1)
    limit = min(limit, max((er - sr + 1) // 2, MAX_HEADER_ROWS))
    max_check = min(sr + limit, er + 1)
    cands: list[int] = []
    strengths: list[int] = []
    for row in range(sr, max_check):
        s = header_strength(g, row, sc, ec)
        if s > 0:
            cands.append(row)
            strengths.append(s)
            continue
        if (
            _row_empty(g, row, sc, ec)
            and row + 1 < max_check
            and header_strength(g, row + 1, sc, ec) > 0
        ):
            continue
        break
    if not cands:
        first, nxt = _signature(g, sr, sc, ec), _signature(g, sr + 1, sc, ec)
        if "num" in first and first == nxt:
            return []
        cands, strengths = [sr], [0]
        for row in range(sr + 1, max_check):
            s = header_strength(g, row, sc, ec)
            if s <= 0:
                break
            cands.append(row)
            strengths.append(s)
    strong = any(s >= 2 for s in strengths)
    if strong and len(cands) > 1:
        cset = set(cands)
        end = cands[0]
        defining = False
        for r1, c1, r2, c2 in g.merged:
            if c1 >= sc and c2 <= ec and r2 > r1 and r1 in cset:
                defining = True
                end = max(end, r2)
        if defining:
            kept = [(r, s) for r, s in zip(cands, strengths, strict=True) if r <= end]
            cands, strengths = [r for r, _ in kept], [s for _, s in kept]
    if not strong and len(cands) > 1:
        body = cands[-1] + 1
        numeric_after = False
        if body <= er:
            for c in range(sc, ec + 1):
                v = g.value(body, c)
                if isinstance(v, (int, float)) or (
                    isinstance(v, str) and is_numeric_string(v.strip()) and _data_like(v.strip())
                ):
                    numeric_after = True
                    break
        if not numeric_after or _signature(g, cands[0], sc, ec) == _signature(g, body, sc, ec):
            cands, strengths = cands[:1], strengths[:1]
    if len(cands) > 1:
        fills = []
        for r in cands:
            covered = {c for c, _ in g.non_empty(r, sc, ec)}
            for r1, c1, r2, c2 in g.merged:
                if r1 <= r <= r2:
                    covered.update(range(max(c1, sc), min(c2, ec) + 1))
            fills.append(len(covered))
        top = max(fills)
        if top > 0:
            kept_rows = [
                r
                for r, f in zip(cands, fills, strict=True)
                if f >= top * 0.2 or f >= (ec - sc + 1) * 0.3
            ]
            if kept_rows:
                cands = kept_rows
    last = cands[-1]
    for r1, c1, r2, c2 in g.merged:
        if sr <= r1 <= last < r2 <= min(sr + MAX_HEADER_ROWS - 1, er - 1) and c1 >= sc and c2 <= ec:
            for extra in range(last + 1, r2 + 1):
                if extra not in cands:
                    cands.append(extra)
            last = max(last, r2)
    headers = sorted(cands)
    body_start = headers[-1] + 1 if headers[-1] + 1 <= er else er
    if len(headers) >= 5 and er - body_start + 1 <= 2:
        headers = headers[:1]
    elif len(headers) > MAX_HEADER_ROWS:
        headers = headers[:MAX_HEADER_ROWS]
    return headers


def _merge_adjacent(g: Grid, tables: list[Region]) -> list[Region]:
    if len(tables) <= 1:
        return tables
    ordered = sorted(tables, key=lambda t: (t.start_row, t.start_col))
    out: list[Region] = []
    used: set[int] = set()
    for i, left in enumerate(ordered):
        if i in used:
            continue
        cur = left
        for j in range(i + 1, len(ordered)):
            if j in used:
                continue
            right = ordered[j]
            if abs(cur.start_row - right.start_row) > 1 or abs(cur.end_row - right.end_row) > 1:
                continue
            gap = right.start_col - cur.end_col - 1
            if gap < 1 or gap > GAP:
                continue
            a, b = set(cur.header_rows), set(right.header_rows)
            if a != b and not a <= b and not b <= a:
                continue
            sr, er = min(cur.start_row, right.start_row), max(cur.end_row, right.end_row)
            cur = Region(
                sr,
                cur.start_col,
                er,
                right.end_col,
                estimate_headers(g, sr, er, cur.start_col, right.end_col),
            )
            used.add(j)
        out.append(cur)
    return out


def _merge_forms(g: Grid, tables: list[Region]) -> list[Region]:
    """Three or more narrow tables over the same rows are one form-like table."""
    if len(tables) <= 2:
        return tables
    groups: list[list[int]] = []
    seen: set[int] = set()
    for i, t in enumerate(tables):
        if i in seen:
            continue
        group = [i]
        seen.add(i)
        for j in range(i + 1, len(tables)):
            if j in seen:
                continue
            u = tables[j]
            lo, hi = max(t.start_row, u.start_row), min(t.end_row, u.end_row)
            if lo > hi:
                continue
            shorter = min(t.end_row - t.start_row + 1, u.end_row - u.start_row + 1)
            if (hi - lo + 1) / shorter >= 0.8:
                group.append(j)
                seen.add(j)
        groups.append(group)
    merged_ids: set[int] = set()
    new: list[Region] = []
    for group in groups:
        narrow = [i for i in group if tables[i].end_col - tables[i].start_col + 1 <= 3]
        if len(group) < 3 or len(narrow) < 3:
            continue
        sr = min(tables[i].start_row for i in group)
        er = max(tables[i].end_row for i in group)
        sc = min(tables[i].start_col for i in group)
        ec = max(tables[i].end_col for i in group)
        new.append(Region(sr, sc, er, ec, estimate_headers(g, sr, er, sc, ec)))
        merged_ids.update(group)
    return [t for i, t in enumerate(tables) if i not in merged_ids] + new


def find_tables(
    g: Grid, bands: list[Band], cols: set[int]
) -> tuple[list[Region], list[Region], list[Other]]:
    """The sheet's tables, its one-column/one-cell islands (no tables: their
    cells are outside any table) and the cells trimmed off the tables."""
    col_bands = split_bands(sorted(cols))
    bands = merge_header_bands(g, bands, col_bands)
    tables: list[Region] = []
    trivial: list[Region] = []
    others: list[Other] = []
    for band in bands:
        for sc, ec in col_bands:
            if not any(sc <= c <= ec for c in band.cols):
                continue
            ts, te, cut = trim(g, band.start, band.end, sc, ec)
            others.extend(cut)
            if ts > te:
                continue
            if sc == ec:
                trivial.append(Region(ts, sc, te, ec, trivial=True))
                continue
            tables.append(Region(ts, sc, te, ec, estimate_headers(g, ts, te, sc, ec)))
    tables = _merge_forms(g, _merge_adjacent(g, tables))
    tables.sort(key=lambda t: (t.start_row, t.start_col))
    return tables, trivial, others
