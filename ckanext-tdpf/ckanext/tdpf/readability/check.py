"""check_file: the Digital Agency's L1-L3 rules on one file.

Each sheet is read twice at most: the first read finds the bands of
non-empty rows (keeping only each band's first and last rows) and the
sheet's metadata; the tables are then laid out; the second read feeds
every cell of every table to the rules' counters. A small sheet is kept
from the first read instead of being read again. Memory is bounded by the
kept rows, the per-column counters and the first few places of each
failure, not by the file's size."""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterator
from typing import Any

from . import cells as c_
from .layout import HEAD_ROWS, TAIL_ROWS, Band, Grid, Other, Region, find_tables
from .model import Finding, Judgement, Report, cell_ref, score
from .reader import Sheet, decode_check, open_sheets
from .rules import DEDUCTIONS, RULES

__all__ = ["check_file"]

CACHE_CELLS = 400_000  # sheets up to this many cells are read once
MAX_PLACES = 5  # places kept per failed rule and table
MAX_DISTINCT = 20  # the agency's limit of a choice column's distinct values
MIN_CHOICE_ROWS = 20
_ERRORS = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"})


class Places:
    """A failure's count and its first places."""

    __slots__ = ("count", "items")

    def __init__(self) -> None:
        self.count = 0
        self.items: list[tuple[int | None, int | None, str, str | None]] = []

    def add(self, row: int | None, col: int | None, seen: str, cell: str | None = None) -> None:
        self.count += 1
        if len(self.items) < MAX_PLACES:
            self.items.append((row, col, seen, cell))


class Col:
    """Counters of one column of one table's body."""

    __slots__ = (
        "types",
        "data",
        "nonempty",
        "numlike",
        "percent",
        "cand",
        "cand_pct",
        "values",
        "overflow",
        "fonts",
        "bgs",
        "bold",
        "italic",
        "styled",
        "head30",
        "head30_num",
        "l17",
        "marker",
        "blank_after",
        "seen_value",
        "ints",
        "code_like",
        "bg_rate",
        "bold_rate",
        "region_head",
        "pref_short",
        "muni_alias",
        "full_name",
        "times",
        "time_bad",
    )

    def __init__(self) -> None:
        self.types = {"numeric": 0, "text": 0, "date": 0, "empty": 0}
        self.data = False
        self.nonempty = self.numlike = self.percent = 0
        self.cand, self.cand_pct = Places(), Places()
        self.values: dict[str, list[int]] = {}
        self.overflow = False
        self.fonts: set[str | None] = set()
        self.bgs: set[str | None] = set()
        self.bold = self.italic = self.styled = 0
        self.head30 = self.head30_num = 0
        self.l17 = Places()
        self.marker, self.blank_after = Places(), Places()
        self.seen_value = False
        self.ints: set[int] | None = set()
        self.code_like = True
        self.bg_rate = self.bold_rate = 0
        self.region_head = 0
        self.pref_short, self.muni_alias, self.full_name = Places(), Places(), Places()
        self.times: set[str] = set()
        self.time_bad = Places()


def _value_facts(v: Any) -> tuple:
    """facts() of a value that is not text (number, bool, date)."""
    if isinstance(v, (int, float)):
        return (
            str(v),
            "numeric",
            True,
            False,
            False,
            None,
            None,
            None,
            False,
            None,
            False,
            0,
            False,
        )
    s = str(v).strip()
    return (
        s,
        c_.value_type(v),
        c_.numeric_like(s),
        bool(c_.PERCENT_VALUE.match(s)),
        bool(s) and not c_.STRICT_NUMERIC.match(s) and not c_.PURE_TEXT.match(s),
        None,
        None,
        None,
        False,
        None,
        False,
        0,
        False,
    )


class TableCheck:
    """The rules' counters for one table while the sheet is read."""

    def __init__(self, sheet: Sheet, grid: Grid, region: Region, cp932: bool):
        self.sheet, self.grid, self.r = sheet, grid, region
        self.cp932 = cp932
        sc, ec = region.start_col, region.end_col
        self.cols = {c: Col() for c in range(sc, ec + 1)}
        self.header_rows = region.header_rows or [region.start_row]
        hdr = self.header_rows
        self.address = {
            c
            for c in self.cols
            for h in hdr
            if isinstance(grid.value(h, c), str) and c_.ADDRESS_HEADER.search(str(grid.value(h, c)))
        }
        last = region.header_rows[-1] if region.header_rows else None
        self.head_text = {
            c: str(grid.value(last, c)).strip() if last and grid.value(last, c) is not None else ""
            for c in self.cols
        }
        self.time_cols = {c for c, h in self.head_text.items() if h and c_.TIME_HEADER.search(h)}
        self.body = region.body_start
        self.width = ec - sc + 1
        self.stubs = list(range(sc, sc + min(3, self.width - 1)))
        self.l106, self.l107, self.l108, self.l206 = Places(), Places(), Places(), Places()
        self.empty_rows = Places()
        self.col_any = dict.fromkeys(self.cols, False)
        self.cells = self.rows_with_data = 0
        self.last_row = region.start_row - 1
        self.others: list[Other] = []

    # -- feeding

    def _gap(self, upto: int) -> None:
        """Rows of the table that the sheet has no cells in."""
        for row in range(self.last_row + 1, upto):
            self.empty_rows.add(row, None, "", f"{row}:{row}")
            if row >= self.body:
                for c in self.stubs:
                    col = self.cols[c]
                    if col.seen_value:
                        col.blank_after.add(row, c, "")
                for col in self.cols.values():
                    col.types["empty"] += 1

    def feed(self, row: int, values: list[Any], extras: list[Any] | None) -> None:  # noqa: C901, PLR0912, PLR0915 - one counter or judgement per rule, in the agency's order
        r = self.r
        if row > self.last_row + 1:
            self._gap(row)
        self.last_row = row
        body = row >= self.body
        head30 = row < self.body + 30
        filled = 0
        any_text = False
        n = len(values)
        cols, stubs = self.cols, self.stubs
        facts = c_.facts
        for c in range(r.start_col, min(r.end_col, n) + 1):
            v = values[c - 1]
            extra = extras[c - 1] if extras is not None else None
            if extra is not None and extra[0] is not None:
                self.l206.add(row, c, "=" + extra[0].lstrip("="))
            elif extras is not None and v in _ERRORS:
                self.l206.add(row, c, str(v))
            if v is None:
                if body:
                    col = cols[c]
                    col.types["empty"] += 1
                    if col.seen_value and c in stubs:
                        col.blank_after.add(row, c, "")
                continue
            filled += 1
            if isinstance(v, str):
                f = facts(v)
                if f[5]:
                    why = f[6] if c in self.address else f[5]
                    if why:
                        self.l106.add(row, c, f"{why}: {v[:40]!r}")
                if f[7]:
                    (cols[c].l17 if f[8] else self.l107).add(row, c, f"{f[7]}: {v[:40]!r}")
                if f[9] and self.cp932:
                    self.l108.add(row, c, f[9])
            else:
                f = _value_facts(v)
            if f[0]:
                any_text = True
                self.col_any[c] = True
            if body:
                self._body_cell(row, c, v, f, cols[c], extra, head30, c in stubs)
        if body and n < r.end_col:
            # cells the row does not have are empty cells of the body
            for c in range(max(n + 1, r.start_col), r.end_col + 1):
                col = cols[c]
                col.types["empty"] += 1
                if col.seen_value and c in stubs:
                    col.blank_after.add(row, c, "")
        self.cells += filled
        if filled >= max(min(self.width * 0.3, 2), 1):
            self.rows_with_data += 1
        if not any_text:
            self.empty_rows.add(row, None, "", f"{row}:{row}")

    def _body_cell(  # noqa: C901, PLR0912, PLR0915 - one counter or judgement per rule, in the agency's order
        self, row: int, c: int, v: Any, f: tuple, col: Col, extra: Any, head30: bool, stub: bool
    ) -> None:
        stripped, kind = f[0], f[1]
        col.types[kind] += 1
        if not stripped:
            if stub and col.seen_value:
                col.blank_after.add(row, c, "")
            return
        col.data = True
        col.nonempty += 1
        number = isinstance(v, (int, float))
        # L2-01 counters: which cells would fail if the column is numeric
        if f[2]:
            col.numlike += 1
        if f[3]:
            col.percent += 1
        if f[4]:
            (col.cand_pct if f[3] else col.cand).add(row, c, stripped[:40])
        # L2-04/L2-05 distributions
        if not col.overflow:
            rows = col.values.get(stripped)
            if rows is None:
                if len(col.values) >= MAX_DISTINCT:
                    col.overflow = True
                    col.values.clear()
                else:
                    col.values[stripped] = [row, 1]
            else:
                rows[1] += 1
        # L1-11 formatting
        if extra is not None and extra[1] is not None:
            style = extra[1]
            col.styled += 1
            col.fonts.add(style.font_color)
            col.bgs.add(style.bg_color)
            if style.bold:
                col.bold += 1
            if style.italic:
                col.italic += 1
            if style.bg_color is not None and style.bg_color != "FFFFFFFF":
                col.bg_rate += 1
        # L3-04 and L3-06 look at the first 30 body rows
        if head30:
            col.head30 += 1
            if number or c_.UNIT_NUMERIC.fullmatch(stripped):
                col.head30_num += 1
            if f[12]:
                col.region_head += 1
        # L2-02 abbreviations in the leftmost columns
        if stub:
            if f[10]:
                col.marker.add(row, c, stripped)
            else:
                col.seen_value = True
            if col.ints is not None:
                i = (
                    v
                    if isinstance(v, int) and not isinstance(v, bool)
                    else (
                        int(v)
                        if isinstance(v, float) and v.is_integer()
                        else int(stripped)
                        if stripped.isdigit()
                        else None
                    )
                )
                if i is None or i <= 0 or i in col.ints:
                    col.code_like = False
                    col.ints = None
                elif len(col.ints) < 200_000:
                    col.ints.add(i)
        # L3-06 region names
        region = f[11]
        if region:
            (col.pref_short, col.muni_alias, col.full_name)[region - 1].add(row, c, stripped)
        # L3-05 time columns
        if c in self.time_cols:
            fmt = c_.time_format(stripped)
            if fmt:
                col.times.add(fmt)
                if fmt in c_.BAD_TIME:
                    col.time_bad.add(row, c, stripped)

    def close(self) -> None:
        if self.last_row < self.r.end_row:
            self._gap(self.r.end_row + 1)
            self.last_row = self.r.end_row

    @property
    def confidence(self) -> float:
        rows = self.r.end_row - self.r.start_row + 1
        fill = self.cells / max(rows * self.width, 1)
        return min(fill * 0.6 + self.rows_with_data / max(rows, 1) * 0.6, 1.0)


# ----------------------------------------------------------------- judging


class Verdicts:
    """Judgements and findings of one file."""

    def __init__(self) -> None:
        self.judgements: list[Judgement] = []
        self.findings: list[Finding] = []

    def judge(
        self,
        rule_id: str,
        places: Places | None = None,
        *,
        sheet: str | None = None,
        severity: str | int | None = None,
        failed: bool | None = None,
    ) -> None:
        failed = bool(places and places.count) if failed is None else failed
        sev = RULES[rule_id].severity if severity is None else severity
        self.judgements.append(Judgement(rule_id, not failed, sev))
        if failed and places is not None:
            for row, col, seen, cell in places.items:
                self.findings.append(
                    Finding.of(
                        rule_id,
                        sheet=sheet,
                        row=row,
                        column=col,
                        cell=cell,
                        seen=seen,
                        severity=sev,
                        count=places.count,
                    )
                )

    def places(self, *items: tuple[int | None, int | None, str, str | None]) -> Places:
        p = Places()
        for item in items:
            p.add(*item)
        return p


def _stub_cols(t: TableCheck, types: dict[int, str]) -> list[int]:
    stubs = []
    for c in t.stubs:
        col = t.cols[c]
        kind = types[c]
        score = {"text": 2, "mixed": 1, "date": -2}.get(kind, 0)
        if kind == "numeric":
            score = 0 if col.code_like and col.nonempty >= 2 else -2
        if col.nonempty:
            score += 2 if col.bg_rate / col.nonempty > 0.8 else 0
            score += 1 if col.bold_rate / col.nonempty > 0.8 else 0
        if score >= 2:
            stubs.append(c)
    return stubs


def _judge_table(  # noqa: C901, PLR0912, PLR0915 - one counter or judgement per rule, in the agency's order
    v: Verdicts,
    t: TableCheck,
    sheet: Sheet,
    fmt: str,
    others: list[Other],
    first: bool,
    tables: list[TableCheck],
    diag_fail: dict[str, Places],
) -> None:
    r, g, name = t.r, t.grid, sheet.name or None
    sc, ec = r.start_col, r.end_col
    types = {c: c_.column_type(col.types) for c, col in t.cols.items()}
    # L1-01 file format
    v.judge(
        "L1-01",
        v.places((None, None, "xls (Excel 97-2003)", "")) if fmt == "xls" else None,
        sheet=name,
    )
    # L1-02 one table per sheet (reported on the first table)
    counted = [x for x in tables if x.confidence >= 0.5] or tables
    if first and len(counted) > 1:
        p = Places()
        for x in counted:
            p.add(
                x.r.start_row,
                x.r.start_col,
                f"{len(counted)} tables",
                f"{cell_ref(x.r.start_row, x.r.start_col)}:{cell_ref(x.r.end_row, x.r.end_col)}",
            )
        v.judge("L1-02", p, sheet=name)
    else:
        v.judge("L1-02", None, sheet=name)
    # L1-03 blank rows/columns inside the table, and between tables
    p = Places()
    if r.end_row - r.start_row + 1 > 2:
        for item in t.empty_rows.items:
            p.add(*item)
        p.count = t.empty_rows.count
        for c, has in t.col_any.items():
            spanned = any(
                c1 < c <= c2 and r1 <= r.end_row and r2 >= r.start_row
                for r1, c1, r2, c2 in sheet.merged
            )
            if not has and not spanned:
                p.add(None, c, "", f"{cell_ref(r.start_row, c)}:{cell_ref(r.end_row, c)}")
    if first:
        ordered = sorted(tables, key=lambda x: (x.r.start_row, x.r.start_col))
        occupied = {x.r.start_row for x in ordered}
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.r.end_row < b.r.start_row - 1:
                for row in range(a.r.end_row + 1, b.r.start_row):
                    if row not in occupied:
                        p.add(row, None, "between tables", f"{row}:{row}")
                        break
    v.judge("L1-03", p, sheet=name)
    # L1-04 cells outside the tables
    p = Places()
    for row, col, value, kind in others:
        p.add(row, col, f"{kind}: {str(value)[:40]!r}")
    v.judge("L1-04", p, sheet=name)
    # L1-05 headers
    hdr = t.header_rows
    covered: set[int] = set()
    for r1, c1, r2, c2 in sheet.merged:
        if any(r1 <= h <= r2 for h in hdr) or (r1 < hdr[0] <= r2):
            master = g.value(r1, c1)
            if master is not None and str(master).strip():
                covered.update(range(c1, c2 + 1))
    p = Places()
    for c in range(sc, ec + 1):
        if c in covered or not t.cols[c].data:
            continue
        if not any(g.value(h, c) is not None and str(g.value(h, c)).strip() for h in hdr):
            p.add(hdr[0], c, "")
    last_vals = [g.value(hdr[-1], c) for c in range(sc, ec + 1)]
    if len(last_vals) >= 2 and all(x is not None and str(x).strip() for x in last_vals):
        try:
            nums = [float(str(x).strip()) for x in last_vals]
            if all(n.is_integer() for n in nums) and all(
                b - a == 1 for a, b in zip(nums, nums[1:], strict=False)
            ):
                for c, x in zip(range(sc, ec + 1), last_vals, strict=True):
                    p.add(hdr[-1], c, f"連番の項目名 {x}")
        except ValueError:
            pass
    v.judge("L1-05", p, sheet=name)
    v.judge("L1-06", t.l106, sheet=name)
    p = Places()
    for item in t.l107.items:
        p.add(*item)
    p.count = t.l107.count
    for c, col in t.cols.items():
        if types[c] != "numeric":
            for item in col.l17.items:
                p.add(*item)
            p.count += col.l17.count - min(col.l17.count, len(col.l17.items))
    v.judge("L1-07", p, sheet=name)
    v.judge("L1-08", t.l108, sheet=name)
    if fmt == "xlsx":
        p = Places()
        for row, col, what in sheet.objects:
            if r.contains(row, col):
                p.add(row, col, what)
        v.judge("L1-10", p, sheet=name)
    if fmt in ("xlsx", "xls"):
        p = Places()
        for c, col in t.cols.items():
            if col.styled < 2:
                continue
            font_default = {None, "000000", "FF000000"}
            if col.fonts - font_default and len(col.fonts) >= 2:
                p.add(None, c, f"フォント色 {len(col.fonts)} 種類", _col_range(r, c))
            elif len(col.bgs - {None, "FFFFFF", "00000000", "FFFFFFFF"}) >= 2:
                p.add(None, c, f"背景色 {len(col.bgs)} 種類", _col_range(r, c))
            elif 0 < col.bold < col.styled:
                p.add(None, c, f"一部のみ太字 {col.bold}/{col.styled}", _col_range(r, c))
            elif 0 < col.italic < col.styled:
                p.add(None, c, f"一部のみ斜体 {col.italic}/{col.styled}", _col_range(r, c))
        v.judge("L1-11", p, sheet=name)
        p = Places()
        data_merge = False
        for r1, c1, r2, c2 in sheet.merged:
            if r1 <= r.end_row and r2 >= r.start_row and c1 <= ec and c2 >= sc:
                header = bool(r.header_rows) and all(x in r.header_rows for x in range(r1, r2 + 1))
                if not header:
                    data_merge = True
                    p.add(
                        r1,
                        c1,
                        f"{r2 - r1 + 1}x{c2 - c1 + 1}",
                        f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}",
                    )
        v.judge("L1-12", p, sheet=name, severity="FATAL" if data_merge else None)
        p = Places()
        for row in sorted(x for x in sheet.hidden_rows if 1 <= x <= sheet.max_row):
            p.add(row, None, "hidden row", f"{row}:{row}")
        for col_no in sorted(x for x in sheet.hidden_cols if 1 <= x <= sheet.max_col):
            p.add(
                None,
                col_no,
                "hidden column",
                f"{cell_ref(1, col_no)[:-1]}:{cell_ref(1, col_no)[:-1]}",
            )
        v.judge("L1-13", p, sheet=name)
    if fmt in ("csv", "tsv"):
        v.judge("L1-14", diag_fail["L1-14"], sheet=name)
        v.judge("L1-15", diag_fail["L1-15"], sheet=name)
    _judge_level2(v, t, types, fmt, name)
    _judge_level3(v, t, types, name)


def _col_range(r: Region, c: int) -> str:
    return f"{cell_ref(r.body_start, c)}:{cell_ref(r.end_row, c)}"


def _judge_level2(  # noqa: C901, PLR0912, PLR0915 - one counter or judgement per rule, in the agency's order
    v: Verdicts, t: TableCheck, types: dict[int, str], fmt: str, name: str | None
) -> None:
    r, g = t.r, t.grid
    # L2-01 numbers with text
    p = Places()
    for c, col in t.cols.items():
        kind = types[c]
        numeric = kind == "numeric" or (
            kind == "mixed" and col.nonempty and col.numlike / col.nonempty > 0.5
        )
        if not numeric:
            continue
        percent_col = col.nonempty and col.percent / col.nonempty >= 0.5
        for source in (col.cand,) if percent_col else (col.cand, col.cand_pct):
            for item in source.items:
                p.add(*item)
            p.count += source.count - len(source.items)
    v.judge("L2-01", p, sheet=name)
    # L2-02 abbreviations in the row-header columns (judged only when there are such columns)
    stubs = _stub_cols(t, types)
    if stubs:
        p = Places()
        for c in stubs:
            for source in (t.cols[c].marker, t.cols[c].blank_after):
                for item in source.items:
                    p.add(*item)
                p.count += source.count - len(source.items)
        v.judge("L2-02", p, sheet=name)
    # L2-03 unique names
    if r.header_rows:
        p = Places()
        names: dict[str, list[int]] = {}
        seen_merges: set[tuple[int, int, int, int]] = set()
        last = r.header_rows[-1]
        for c in range(r.start_col, r.end_col + 1):
            merge = next(
                (
                    m
                    for h in r.header_rows
                    for m in g.merged
                    if m[0] <= h <= m[2] and m[1] <= c <= m[3] and (m[0], m[1]) != (h, c)
                ),
                None,
            )
            if merge is not None:
                if merge not in seen_merges:
                    seen_merges.add(merge)
                    p.add(
                        merge[0],
                        merge[1],
                        "結合された項目名",
                        f"{cell_ref(merge[0], merge[1])}:{cell_ref(merge[2], merge[3])}",
                    )
                continue
            parts: list[str] = []
            for h in r.header_rows:
                x = g.value(h, c)
                if x is not None and str(x).strip() and str(x).strip() not in parts:
                    parts.append(str(x).strip())
            label = "_".join(parts)
            if not label:
                if t.cols[c].data:
                    p.add(last, c, "項目名が空")
                continue
            names.setdefault(label, []).append(c)
        for label, cols in names.items():
            if len(cols) > 1:
                for c in cols:
                    p.add(last, c, f"重複: {label}")
        v.judge("L2-03", p, sheet=name)
    else:
        v.judge("L2-03", None, sheet=name)
    # L2-04 / L2-05 choice columns
    qualifying = {
        c: col
        for c, col in t.cols.items()
        if types[c] not in ("numeric", "date", "empty")
        and not col.overflow
        and sum(n for _, n in col.values.values()) >= MIN_CHOICE_ROWS
    }
    if qualifying:
        p4, p5 = Places(), Places()
        for c, col in qualifying.items():
            total = sum(n for _, n in col.values.values())
            outliers = {val for val, (_, n) in col.values.items() if n <= 2 and n / total <= 0.05}
            dominant = {val: c_.normalise_choice(val) for val in col.values if val not in outliers}
            for val in outliers:
                norm = c_.normalise_choice(val)
                for dom, dnorm in dominant.items():
                    if norm == dnorm or (
                        min(len(norm), len(dnorm)) >= 2
                        and difflib.SequenceMatcher(None, norm, dnorm).ratio() >= 0.75
                    ):
                        p4.add(col.values[val][0], c, f"{val!r} ≈ {dom!r}")
                        break
            other = {val: rn for val, rn in col.values.items() if "その他" in val}
            if len(other) >= 2:
                for val, (row, n) in other.items():
                    if n < 3:
                        p5.add(row, c, val)
        v.judge("L2-04", p4, sheet=name)
        v.judge("L2-05", p5, sheet=name)
    if fmt == "xlsx":
        v.judge("L2-06", t.l206, sheet=name)


def _judge_level3(v: Verdicts, t: TableCheck, types: dict[int, str], name: str | None) -> None:  # noqa: C901, PLR0912, PLR0915 - one counter or judgement per rule, in the agency's order
    r, g = t.r, t.grid
    # L3-01 header row first, data next
    p = Places()
    severity: str | int = "FATAL"
    if r.start_row > 1:
        p.add(1, 1, f"表は{r.start_row}行目から", f"A1:A{r.start_row - 1}")
    if len(r.header_rows) >= 3:
        p.add(
            r.header_rows[0],
            r.start_col,
            f"{len(r.header_rows)}行の項目名",
            f"{cell_ref(r.header_rows[0], r.start_col)}:{cell_ref(r.header_rows[-1], r.start_col)}",
        )
        if r.start_row <= 1:
            severity = DEDUCTIONS[("MAJOR", 3)]
    v.judge("L3-01", p, sheet=name, severity=severity if p.count else None)
    if not r.header_rows:
        for rule_id in ("L3-04", "L3-05", "L3-06", "L3-09"):
            v.judge(rule_id, None, sheet=name)
        return
    last = r.header_rows[-1]
    # L3-04 units
    p = Places()
    for c, col in t.cols.items():
        if not col.head30 or col.head30_num / col.head30 < 0.7:
            continue
        header = t.head_text[c]
        if g.value(last, c) is None:
            continue
        if not c_.header_has_unit(header):
            p.add(last, c, header)
    v.judge("L3-04", p, sheet=name)
    # L3-05 time notation
    p = Places()
    for c in t.cols:
        header = t.head_text[c]
        if (
            header
            and not (c_.ISO8601.match(header) or c_.JIS_WAREKI.match(header))
            and c_.WAREKI_HEADER.match(header)
        ):
            p.add(last, c, f"和暦の項目名 {header}")
    for c in t.time_cols:
        col = t.cols[c]
        for item in col.time_bad.items:
            p.add(*item)
        p.count += col.time_bad.count - len(col.time_bad.items)
        if len(col.times - c_.BAD_TIME) > 1:
            p.add(last, c, "混在: " + ", ".join(sorted(col.times - c_.BAD_TIME)))
    v.judge("L3-05", p, sheet=name)
    # L3-06 region codes and names
    region_cols = [c for c in t.cols if t.head_text[c] and c_.REGION_HEADER.search(t.head_text[c])]
    if not region_cols:
        region_cols = [
            c for c, col in t.cols.items() if col.head30 and col.region_head / col.head30 >= 0.5
        ]
    p = Places()
    if region_cols:
        has_code = any(
            "コード" in t.head_text[c] or "code" in t.head_text[c].lower() for c in region_cols
        )
        for c in region_cols:
            col = t.cols[c]
            for source in (col.pref_short, col.muni_alias):
                for item in source.items:
                    p.add(row=item[0], col=item[1], seen=f"省略された地域名 {item[2]}")
                p.count += source.count - len(source.items)
        if not has_code:
            first = next(
                (t.cols[c].full_name.items[0] for c in region_cols if t.cols[c].full_name.items),
                None,
            )
            if first:
                p.add(first[0], first[1], f"地域コード列がない（{first[2]}）")
    v.judge("L3-06", p, sheet=name)
    # L3-09 long format
    p = Places()
    heads = [(c, t.head_text[c]) for c in t.cols if t.head_text[c]]
    if r.end_col - r.start_col + 1 >= 4:
        if r.end_col - r.start_col + 1 > 100:
            p.add(last, r.start_col, f"{r.end_col - r.start_col + 1}列")
        import re

        kinds = {
            "年": re.compile(r"^(19|20)\d{2}\s*(年|年度)?$"),
            "月": re.compile(r"^(\d{1,2})\s*月$"),
            "期": re.compile(r"^(第?\d+[期回]|(上|下|前|後)半期?|[1-4]Q|Q[1-4]|[上下]期)$"),
            "和暦": re.compile(r"^(平成|令和|昭和)(\d{1,2}|元)\s*(年|年度)?$|^[RHS]\d{1,2}$"),
        }
        wide = False
        for label, pattern in kinds.items():
            hits = [c for c, h in heads if pattern.match(h)]
            if len(hits) >= 3:
                p.add(last, hits[0], f"{label}が{len(hits)}列")
                wide = True
                break
        if not wide and len(heads) >= 5:
            groups: dict[str, list[int]] = {}
            for c, h in heads:
                m = re.match(r"^(.+?)[\s_\-]?(\d+)$", h)
                if m and not m.group(1).strip().isdigit():
                    groups.setdefault(m.group(1).strip(), []).append(c)
            for base, cols in groups.items():
                if len(cols) >= 4:
                    p.add(last, cols[0], f"{base}1, {base}2, … {len(cols)}列")
    v.judge("L3-09", p, sheet=name)


# ----------------------------------------------------------------- reading


def _structure(sheet: Sheet) -> tuple[list[Band], set[int], dict[int, Any], list[Any] | None]:
    """First read: bands of non-empty rows, occupied columns, kept rows;
    the rows themselves when the sheet is small."""
    bands: list[Band] = []
    cols: set[int] = set()
    kept: dict[int, Any] = {}
    cache: list[Any] | None = []
    cells = 0
    tail: deque[tuple[int, Any]] = deque(maxlen=TAIL_ROWS)

    def close_band() -> None:
        kept.update(tail)
        tail.clear()

    for row, values, extras in sheet.rows():
        if cache is not None:
            cells += len(values)
            if cells > CACHE_CELLS:
                cache = None
            else:
                cache.append((row, values, extras))
        occupied = [i + 1 for i, x in enumerate(values) if x is not None]
        if not occupied:
            continue
        if bands and row - bands[-1].end <= 1:
            band = bands[-1]
            band.end = row
        else:
            close_band()
            band = Band(row, row)
            bands.append(band)
        band.cols.update(occupied)
        cols.update(occupied)
        if len(band.head) < HEAD_ROWS:
            band.head.append(row)
            kept[row] = (values, extras)
        else:
            tail.append((row, (values, extras)))
    close_band()
    return bands, cols, kept, cache


def _check_sheet(v: Verdicts, sheet: Sheet, fmt: str, cp932: bool, report: Report) -> None:  # noqa: C901 - one counter or judgement per rule, in the agency's order
    bands, cols, kept, cache = _structure(sheet)
    grid = Grid(kept, sheet.merged)
    regions, trivial, others = find_tables(grid, bands, cols)
    checks = [TableCheck(sheet, grid, region, cp932) for region in regions]
    isolated: list[Other] = []
    rows: Iterator[Any] = iter(cache) if cache is not None else sheet.rows()
    max_row = 0
    for row, values, extras in rows:
        max_row = row
        for t in checks:
            if t.r.start_row <= row <= t.r.end_row:
                t.feed(row, values, extras)
        for tr in trivial:
            if tr.start_row <= row <= tr.end_row and tr.start_col <= len(values):
                value = values[tr.start_col - 1]
                if value is not None:
                    isolated.append((row, tr.start_col, value, "isolated"))
    for t in checks:
        t.close()
    report.rows += max_row
    diag_fail = {"L1-14": Places(), "L1-15": Places()}
    if sheet.csv is not None:
        for kind, row, col, seen in sheet.csv.samples:
            target = "L1-14" if kind in ("multiline", "unclosed_quote") else None
            if target:
                diag_fail[target].add(row, col, f"{kind} {seen}", f"{row}:{row}")
            if kind in ("stray_quote", "unclosed_quote", "field_count"):
                diag_fail["L1-15"].add(
                    row, col, f"{kind} {seen}", cell_ref(row, col) if col else f"{row}:{row}"
                )
        diag_fail["L1-14"].count = sum(
            sheet.csv.counts.get(k, 0) for k in ("multiline", "unclosed_quote")
        )
        diag_fail["L1-15"].count = sum(
            sheet.csv.counts.get(k, 0) for k in ("stray_quote", "unclosed_quote", "field_count")
        )
    all_others = others + isolated
    for i, t in enumerate(checks):
        _judge_table(v, t, sheet, fmt, all_others, i == 0, checks, diag_fail)
    report.tables += len(checks)


def _mojibake(path: str, encoding: str) -> str | None:
    """What kind of mojibake the text shows, or None: Shift_JIS bytes that
    went through Latin-1 into UTF-8, or UTF-8 read as Shift_JIS."""
    with open(path, encoding=encoding, errors="replace", newline="") as stream:
        text = stream.read(65536)
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if len(non_ascii) < 10:
        return None
    latin = sum(1 for ch in non_ascii if ord(ch) <= 0xFF)
    if latin / len(non_ascii) > 0.5:
        sample = text[:4000]
        try:
            again = sample.encode("latin-1").decode("cp932")
        except (UnicodeEncodeError, UnicodeDecodeError):
            # the sample may end inside a character: try without its last byte
            try:
                again = sample[:-1].encode("latin-1").decode("cp932")
            except (UnicodeEncodeError, UnicodeDecodeError):
                again = ""
        if sum(1 for ch in again if "\u3040" <= ch <= "\u9fff") > len(again) * 0.2:
            return "Shift_JIS の文字が Latin-1 経由で UTF-8 になっています"
    if sum(1 for ch in non_ascii if ch in "縺繧繝譁莠") > len(non_ascii) * 0.08:
        return "UTF-8 の文字が Shift_JIS として読まれています"
    if text.count("\ufffd") > 0:
        return "読み取れないバイト（U+FFFD）"
    return None


def check_file(path: str, fmt: str, *, encoding: str | None = None) -> Report:
    """The L1-L3 report of one csv/tsv/xlsx/xls file.

    ``encoding`` (text files) is checked, not trusted: the file is read in
    the encoding its bytes decode in (BOM, UTF-8, cp932, EUC-JP)."""
    fmt = fmt.lower()
    report = Report(format=fmt)
    v = Verdicts()
    cp932 = False
    try:
        if fmt in ("csv", "tsv"):
            used, clean = decode_check(path, encoding)
            report.encoding = used
            cp932 = used in ("cp932", "shift_jis", "sjis")
            problem = None if clean else f"{used} で読めないバイトがあります"
            problem = problem or _mojibake(path, used)
            v.judge("L1-ENC", v.places((None, None, problem, "")) if problem else None)
            sheets = open_sheets(path, fmt, used)
        else:
            sheets = open_sheets(path, fmt)
        report.sheets = len(sheets)
        for sheet in sheets:
            _check_sheet(v, sheet, fmt, cp932, report)
    except Exception as exc:  # noqa: BLE001 - a broken file gets a report, not a crash
        report.error = f"{type(exc).__name__}: {exc}"[:300]
        if fmt not in ("csv", "tsv") and not any(j.rule_id == "L1-01" for j in v.judgements):
            v.judge("L1-01", v.places((None, None, f"読めないファイル: {report.error}", "")))
    report.levels = score(v.judgements)
    report.findings = v.findings
    report.applicable = sorted({j.rule_id for j in v.judgements})
    report.failed = sorted({j.rule_id for j in v.judgements if not j.passed})
    return report
