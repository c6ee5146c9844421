"""Steps on a table's shape: the rows above and below the table, merged
cells, labels written once per group, several tables on one sheet, the
same table over several sheets or pages, blank rows and columns."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from ...readability.layout import is_numeric_string
from .. import dates
from ..table import Table, blank, filled, text
from .base import Step, register
from .cells import parse_number

__all__ = ["AsOfColumn", "DropEmpty", "FillGroups", "SplitTables", "Stack", "TrimRows",
           "UnmergeFill", "subgrid"]

_LOOK = 60  # rows searched for the header
_NOTE = re.compile(r"^\s*(※|注|\*|出典|資料|備考|\(注|（注)")


def subgrid(table: Table, rows: list[int], cols: list[int] | None = None) -> Table:
    """The table cut to ``rows`` and ``cols`` (0-based, in order), merged
    ranges and hidden rows and columns following their cells."""
    grid = table.padded()
    cols = list(range(table.width)) if cols is None else cols
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    merged = []
    for r1, c1, r2, c2 in table.merged:
        rs = [row_at[r] for r in range(r1, r2 + 1) if r in row_at]
        cs = [col_at[c] for c in range(c1, c2 + 1) if c in col_at]
        if rs and cs and (r1 in row_at and c1 in col_at):
            merged.append((rs[0], cs[0], rs[-1], cs[-1]))
    return table.replace(
        cells=[[grid[r][c] for c in cols] for r in rows], merged=tuple(merged),
        hidden_rows=frozenset(row_at[r] for r in table.hidden_rows if r in row_at),
        hidden_cols=frozenset(col_at[c] for c in table.hidden_cols if c in col_at))


def _key(value: Any) -> str:
    return re.sub(r"[\s\u3000]", "", unicodedata.normalize("NFKC", text(value)))


def _text_cell(value: Any) -> bool:
    """Text that may name a column: no number, not even with a unit (「800人」)."""
    return (isinstance(value, str) and not blank(value)
            and not is_numeric_string(value.strip()) and parse_number(value) is None)


def guess_header(table: Table) -> int | None:
    """The row that names the columns: among the first rows, the first one
    with text in at least six in ten of the widest row's cells, no numbers,
    and no fewer cells than the rows right below it (a title or a line of
    metadata has fewer)."""
    rows = table.cells[:_LOOK]
    spans = [0] * len(rows)
    for r1, c1, _r2, c2 in table.merged:  # a merged header cell names several columns
        if r1 < len(rows) and not blank(rows[r1][c1] if c1 < len(rows[r1]) else None):
            spans[r1] += c2 - c1
    # (a title merged over the width is one cell: no header however wide)
    counts = [filled(r) + (spans[i] if filled(r) > 1 else 0) for i, r in enumerate(rows)]
    widest = max(counts, default=0)
    if widest < 2:
        return None
    for i, row in enumerate(rows):
        n = counts[i]
        below = max(counts[i + 1:i + 6], default=0)
        if n >= max(2, 0.6 * widest, below) and all(
                _text_cell(v) for v in row if not blank(v)):
            return i
    return None


def _footer_start(cells: list[list[Any]], width: int) -> int:
    """Where the trailing rows that are no data begin: blank rows, notes
    (※..., 出典...) and rows with one filled cell."""
    end = len(cells)
    while end > 1:
        row = cells[end - 1]
        n = filled(row)
        first = next((text(v) for v in row if not blank(v)), "")
        if n == 0 or (n <= 1 < width) or (_NOTE.match(first) and n < width / 2):
            end -= 1
            continue
        break
    return end


@register
class TrimRows(Step):
    """Drop the rows above the header (titles, metadata, "#" lines),
    comment rows below it, blank rows, and the notes below the table.

    params: ``header`` the header's names (the row is found by them in
    the next edition too); ``skip`` rows above it when the names are not
    found; ``comment`` a prefix of rows to drop ("#"); ``footer`` drop the
    trailing notes; ``as_of`` remember a date written above the header
    ("令和8年4月1日現在") for :class:`AsOfColumn`."""

    name = "trim_rows"
    title_ja = "表の上下の行（タイトル・メタデータ・注記・空行）を削除"
    title_en = "Drop the rows above and below the table (titles, metadata, notes, blank rows)"

    def _find(self, table: Table) -> int:
        wanted = [_key(h) for h in self.params.get("header") or [] if _key(h)]
        if wanted:
            for i, row in enumerate(table.cells[:_LOOK]):
                have = {_key(v) for v in row}
                if sum(1 for w in wanted if w in have) >= max(1, 0.6 * len(wanted)):
                    return i
        return min(int(self.params.get("skip") or 0), max(len(table.cells) - 1, 0))

    def apply(self, table: Table) -> list[Table]:
        if not table.cells:
            return [table]
        start = self._find(table)
        above = [" ".join(text(v) for v in r if not blank(v)) for r in table.cells[:start]]
        comment = self.params.get("comment") or ""
        end = _footer_start(table.cells, table.width) if self.params.get("footer") else len(
            table.cells)
        keep = [start] + [
            i for i in range(start + 1, end)
            if filled(table.cells[i])
            and not (comment and text(table.cells[i][0] if table.cells[i] else "").startswith(
                comment))]
        meta = dict(table.meta)
        if self.params.get("as_of"):
            found = next((d for line in above if (d := dates.find_date(line))), None)
            if found:
                meta["as_of"] = found
        out = subgrid(table, keep).replace(header=True, meta=meta)
        return [out]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if table.header or not table.cells:
            return None
        at = guess_header(table)
        if at is None:
            return None
        header = [text(v).strip() for v in table.cells[at] if not blank(v)]
        comment = "#" if header and header[0].startswith("#") or any(
            text(r[0] if r else "").startswith("#") for r in table.cells[:at]) else ""
        footer = _footer_start(table.cells, table.width) < len(table.cells)
        blanks = any(not filled(r) for r in table.cells[at:])
        as_of = any(dates.find_date(" ".join(text(v) for v in r)) for r in table.cells[:at])
        if at == 0 and not (comment or footer or blanks):
            return None
        return cls({"header": header, "skip": at, "comment": comment, "footer": footer,
                    "as_of": as_of})

    @classmethod
    def propose_all(cls, tables: list[Table],
                    hints: dict[str, Any] | None = None) -> Step | None:
        """The first table's header (the others are found by the same
        names); notes, comments and dates dropped wherever one shows them."""
        found = [s for t in tables if (s := cls.propose(t, hints)) is not None]
        if not found:
            return None
        params = dict(found[0].params)
        for key in ("footer", "as_of"):
            params[key] = any(s.params.get(key) for s in found)
        params["comment"] = next((s.params["comment"] for s in found if s.params["comment"]), "")
        return cls(params)


@register
class UnmergeFill(Step):
    """Unmerge merged cells: a value merged down several rows is written
    in each of them (a label belongs to every row it spans); a header
    merged across columns names each (町名, 町名_2); a body value merged
    across columns stays in its first cell unless ``across``."""

    name = "unmerge_fill"
    title_ja = "結合セルを解除し、各セルに値を入れる"
    title_en = "Unmerge merged cells and fill each cell with the value"

    def apply(self, table: Table) -> list[Table]:
        if not table.merged:
            return [table]
        grid = table.padded()
        across = bool(self.params.get("across"))
        for r1, c1, r2, c2 in table.merged:
            value = grid[r1][c1]
            header = table.header and r1 == 0
            for r in range(r1, min(r2, len(grid) - 1) + 1):
                for c in range(c1, c2 + 1):
                    if c == c1:
                        grid[r][c] = value
                    elif header and not blank(value):
                        grid[r][c] = f"{text(value)}_{c - c1 + 1}"
                    elif across:
                        grid[r][c] = value
        return [table.replace(cells=grid, merged=())]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        return cls({}) if table.merged else None


def _cycle(values: list[str]) -> tuple[int, str] | None:
    """(period, first value) when the values repeat with a period of two
    to twelve rows (日本人, 外国人, 計, 日本人, ...), else None."""
    for period in range(2, 13):
        if len(values) < 2 * period:
            break
        first = values[:period]
        if len(set(first)) != period:
            continue
        same = sum(1 for i, v in enumerate(values) if v == first[i % period])
        if same >= 0.9 * len(values):
            return period, first[0]
    return None


@register
class FillGroups(Step):
    """A label written once for a group of rows (鯖江 beside 日本人, 外国人,
    計) written on every row of its group. Groups start where the
    ``cycle`` column shows its ``start`` value again; without them the
    label is carried down to the blank cells below it.

    params: ``column``, ``cycle``, ``start``."""

    name = "fill_groups"
    title_ja = "グループに一度だけ書かれた見出し（地区名など）を各行に入れる"
    title_en = "Write a label given once per group of rows on every row of the group"

    def apply(self, table: Table) -> list[Table]:
        col = table.column_index(self.params.get("column", ""))
        if col is None or not table.header:
            return [table]
        cyc = table.column_index(self.params.get("cycle", "")) if self.params.get(
            "cycle") else None
        start = _key(self.params.get("start", ""))
        grid = table.padded()
        body = list(range(1, len(grid)))
        groups: list[list[int]] = []
        for r in body:
            if not groups or (cyc is not None and _key(grid[r][cyc]) == start):
                groups.append([])
            groups[-1].append(r)
        if cyc is None:  # carry down
            last = None
            for r in body:
                if blank(grid[r][col]):
                    grid[r][col] = last
                else:
                    last = grid[r][col]
            return [table.replace(cells=grid)]
        for group in groups:
            labels = [grid[r][col] for r in group if not blank(grid[r][col])]
            if len({text(v) for v in labels}) == 1:
                for r in group:
                    grid[r][col] = labels[0]
        return [table.replace(cells=grid)]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header or len(table.cells) < 5:
            return None
        grid = table.padded()[1:]
        names = table.columns
        for col in range(table.width):
            values = [grid[r][col] for r in range(len(grid))]
            labels = [v for v in values if not blank(v)]
            if not labels or len(labels) > 0.6 * len(values) or not all(
                    _text_cell(v) for v in labels):
                continue
            for other in range(table.width):
                if other == col:
                    continue
                found = _cycle([_key(grid[r][other]) for r in range(len(grid))])
                if found and names[other] and names[col]:
                    return cls({"column": names[col], "cycle": names[other],
                                "start": found[1]})
        return None


def _blank_col(grid: list[list[Any]], c: int) -> bool:
    return all(blank(row[c]) for row in grid)


def _parts(table: Table) -> list[list[int]]:
    """Runs of columns between fully blank columns."""
    grid = table.padded()
    parts: list[list[int]] = [[]]
    for c in range(table.width):
        if _blank_col(grid, c):
            if parts[-1]:
                parts.append([])
        else:
            parts[-1].append(c)
    return [p for p in parts if p]


@register
class SplitTables(Step):
    """Several tables side by side on one sheet (a blank column between
    them) become separate tables, each without its trailing notes; with
    ``stack`` those with the same header are put one under the other."""

    name = "split_tables"
    title_ja = "1 つのシートに並んだ複数の表を分ける"
    title_en = "Split several tables side by side on a sheet into separate tables"

    def apply(self, table: Table) -> list[Table]:
        if not table.header:
            return [table]
        parts = [p for p in _parts(table) if len(p) >= 2]
        if len(parts) < 2:
            return [table]
        tables = []
        for k, cols in enumerate(parts, start=1):
            part = subgrid(table, list(range(len(table.cells))), cols)
            end = _footer_start(part.cells, part.width)
            part = subgrid(part, [r for r in range(end) if r == 0 or filled(part.cells[r])])
            tables.append(part.replace(name=f"{table.name}#{k}" if table.name else f"#{k}"))
        if self.params.get("stack"):
            return Stack({}).apply_all(tables)
        return tables

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header:
            return None
        parts = [p for p in _parts(table) if len(p) >= 2]
        if len(parts) < 2:
            return None
        heads = [tuple(_key(table.cells[0][c]) for c in p) for p in parts]
        return cls({"stack": len(set(heads)) == 1})


@register
class Stack(Step):
    """Tables with the same header (the sheets of a monthly workbook, the
    pages of a PDF table) become one, in order; ``source`` names a column
    that says which sheet or page each row came from."""

    name = "stack"
    title_ja = "同じ見出しの表（シート・ページ）を 1 つにまとめる"
    title_en = "Put tables with the same header (sheets, pages) into one"

    def apply(self, table: Table) -> list[Table]:
        return [table]

    def apply_all(self, tables: list[Table]) -> list[Table]:
        source = self.params.get("source") or ""
        out: list[Table] = []
        for t in tables:
            if not t.header:
                out.append(t)
                continue
            rows = t.padded()
            if source:
                rows = [[source, *rows[0]]] + [[t.name, *r] for r in rows[1:]]
            if out and out[-1].header and [_key(v) for v in out[-1].cells[0]] == [
                    _key(v) for v in rows[0]]:
                prev = out[-1]
                out[-1] = prev.replace(cells=prev.cells + rows[1:], merged=(),
                                       hidden_rows=frozenset(), hidden_cols=frozenset())
            else:
                out.append(t.replace(cells=rows, merged=() if source else t.merged))
        return out

    @classmethod
    def propose_all(cls, tables: list[Table],
                    hints: dict[str, Any] | None = None) -> Step | None:
        heads = [tuple(_key(v) for v in t.cells[0]) for t in tables if t.header and t.cells]
        if len(heads) < 2 or len(set(heads)) == len(heads):
            return None
        dated = all(t.meta.get("as_of") for t in tables)
        return cls({"source": "" if dated else "シート"})


@register
class AsOfColumn(Step):
    """A column with the date written above the header (kept by
    :class:`TrimRows`), first, so that stacked editions keep their date."""

    name = "as_of_column"
    title_ja = "表の上に書かれた時点（○年○月○日現在）を列にする"
    title_en = "Turn the date written above the table (as of ...) into a column"

    def apply(self, table: Table) -> list[Table]:
        as_of = table.meta.get("as_of")
        if not as_of or not table.header:
            return [table]
        name = self.params.get("column") or "時点"
        rows = table.padded()
        return [table.replace(cells=[[name, *rows[0]]] + [[as_of, *r] for r in rows[1:]],
                              merged=())]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        return cls({"column": "時点"}) if table.meta.get("as_of") else None


@register
class DropEmpty(Step):
    """Drop blank rows, and columns with neither a header nor a value."""

    name = "drop_empty"
    title_ja = "空の行と列を削除"
    title_en = "Drop blank rows and columns"

    def apply(self, table: Table) -> list[Table]:
        grid = table.padded()
        rows = [r for r, row in enumerate(grid) if filled(row) or (table.header and r == 0)]
        cols = [c for c in range(table.width) if not _blank_col(grid, c)]
        if len(rows) == len(grid) and len(cols) == table.width:
            return [table]
        return [subgrid(table, rows, cols)]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.cells:
            return None
        out = cls({}).apply(table)[0]
        return cls({}) if out is not table else None
