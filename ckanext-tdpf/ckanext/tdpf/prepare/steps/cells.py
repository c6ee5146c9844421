"""Steps on the values of cells: the text encoding, spaces and line
breaks for layout, numbers written as text, dates, choice values."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from ...readability.cells import ADDRESS_HEADER, UNIT_IN_HEADER, layout_space
from .. import dates
from ..table import Table, blank, text
from .base import Step, columns_of, map_cells, register

__all__ = ["Choices", "CleanSpaces", "Dates", "Encoding", "Numbers", "RepairMojibake"]

_SHARE = 0.8  # of a column's values a conversion must fit to be proposed


def _all_cells(table: Table, fn: Any) -> Table:
    return table.replace(cells=[[fn(v) for v in row] for row in table.cells])


def _column_values(table: Table, col: int) -> list[Any]:
    return [r[col] for r in table.body if col < len(r) and not blank(r[col])]


@register
class Encoding(Step):
    """Read the text file in ``encoding`` (cp932, euc_jp, utf-16, utf-8-sig)
    and write UTF-8: the reading happens before the other steps, this step
    records it so that the next edition is read the same way."""

    name = "encoding"
    title_ja = "文字コードを UTF-8 に変換"
    title_en = "Re-encode the text to UTF-8"

    def apply(self, table: Table) -> list[Table]:
        return [table]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        used = table.meta.get("encoding")
        if used and used not in ("utf-8", "utf-8-sig"):
            return cls({"encoding": used})
        return None


def _latin_share(values: list[str]) -> float:
    chars = [ch for v in values for ch in v if ord(ch) > 0x7F]
    if len(chars) < 10:
        return 0.0
    return sum(1 for ch in chars if ord(ch) <= 0xFF) / len(chars)


def _redecode(value: Any, via: str, to: str) -> Any:
    if not isinstance(value, str) or value.isascii():
        return value
    try:
        return value.encode(via).decode(to)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


@register
class RepairMojibake(Step):
    """Undo a wrong decoding: Shift_JIS bytes read as Latin-1 and saved as
    UTF-8 (``via`` latin-1, ``to`` cp932), or UTF-8 read as Shift_JIS
    (``via`` cp932, ``to`` utf-8). A cell that does not decode back stays
    as it was."""

    name = "repair_mojibake"
    title_ja = "文字化けを直す"
    title_en = "Repair mojibake"

    def apply(self, table: Table) -> list[Table]:
        via, to = self.params.get("via", "latin-1"), self.params.get("to", "cp932")
        return [_all_cells(table, lambda v: _redecode(v, via, to))]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        sample = [v for row in table.cells[:200] for v in row if isinstance(v, str)]
        if _latin_share(sample) > 0.5:
            fixed = [_redecode(v, "latin-1", "cp932") for v in sample]
            cjk = sum(1 for v in fixed for ch in v if "\u3040" <= ch <= "\u9fff")
            if cjk > 0.2 * sum(len(v) for v in fixed if not v.isascii()):
                return cls({"via": "latin-1", "to": "cp932"})
        odd = [ch for v in sample for ch in v if ch in "縺繧繝譁莠"]
        if len(odd) > 10:
            fixed = [_redecode(v, "cp932", "utf-8") for v in sample]
            if sum(1 for a, b in zip(sample, fixed, strict=True) if a != b) > len(sample) * 0.2:
                return cls({"via": "cp932", "to": "utf-8"})
        return None


_CJK = "\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e々〆"
_SPACED = re.compile(rf"^[{_CJK}](?:[ \u3000]+[{_CJK}])+$")
_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
_BREAK = re.compile(r"[ \u3000]*[\r\n]+[ \u3000]*")


def one_line(value: Any) -> Any:
    """A cell on one line (a CSV record per line): line breaks removed
    between Japanese characters, a space elsewhere."""
    if not isinstance(value, str) or ("\n" not in value and "\r" not in value):
        return value
    v = value.strip(" \u3000\t\r\n")
    return _BREAK.sub(lambda m: "" if _joins_cjk(m, v) else " ", v)


def tidy(value: Any, *, header: bool = False, address: bool = False) -> Any:
    """A cell without the spaces and line breaks put there for layout:
    none at the ends, a line break between Japanese characters removed
    (between others a space), 「地　区　名」 written together, several
    spaces one; an address keeps a single space between its parts."""
    if not isinstance(value, str) or (
            layout_space(value, address) is None and not _SPACED.match(value)):
        return value
    v = value.strip(" \u3000\t\r\n")
    v = _BREAK.sub(lambda m: "" if _joins_cjk(m, v) else " ", v)
    if header or _SPACED.match(v):
        v = _BETWEEN_CJK.sub("", v)
    v = re.sub(r"[ \u3000]{2,}", " ", v)
    if not address:
        v = v.replace("\u3000", " ")
    return v


def _joins_cjk(m: re.Match[str], v: str) -> bool:
    before = v[m.start() - 1] if m.start() else ""
    after = v[m.end()] if m.end() < len(v) else ""
    return bool(re.match(f"[{_CJK}]", before) and re.match(f"[{_CJK}]", after))


@register
class CleanSpaces(Step):
    """Remove spaces and line breaks for layout in every cell (the header
    too); address columns keep one space between their parts. With
    ``line_breaks`` every cell is put on one line (a spreadsheet's cell
    of several lines would break the CSV's one record per line)."""

    name = "clean_spaces"
    title_ja = "体裁のための空白・改行をセルから取り除く"
    title_en = "Remove spaces and line breaks for layout inside cells"

    def apply(self, table: Table) -> list[Table]:
        cells = [list(r) for r in table.cells]
        names = table.columns if table.header else []
        address = {i for i, n in enumerate(names) if ADDRESS_HEADER.search(n)}
        for r, row in enumerate(cells):
            for c, v in enumerate(row):
                row[c] = tidy(v, header=table.header and r == 0, address=c in address)
                if self.params.get("line_breaks"):
                    row[c] = one_line(row[c])
        return [table.replace(cells=cells)]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        step = cls({"line_breaks": True})
        out = step.apply(table)[0]
        return step if out.cells != table.cells else None


_NUMBER = re.compile(r"^(?P<sign>[+\-−▲△]?)\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
                     r"\s*(?P<unit>[^\d\s.,]{1,4})?$")


_CODE_HEADER = re.compile(r"(コード|番号|code|ID|No\.?$)", re.I)


def parse_number(value: Any) -> tuple[int | float, str] | None:
    """(number, unit) of a cell such as 「１，２３４人」, 「▲5」, 「12.5 ㎡」,
    None when it is no number (or a code with a leading zero)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value, ""
    raw = str(value).strip()
    square = raw[-1:] if raw[-1:] in ("㎡", "㎢") else ""  # NFKC would make them m2, km2
    v = unicodedata.normalize("NFKC", raw[:-1] if square else raw).strip() + square
    m = _NUMBER.match(v)
    if not m:
        return None
    digits = m.group("num").replace(",", "")
    if len(digits) > 1 and digits.startswith("0") and not m.group("dec"):
        return None  # 037201: a code, not a number
    unit = m.group("unit") or ""
    if unit and (unit in ("年", "月", "日") or not UNIT_IN_HEADER.search(f"（{unit}）")):
        return None  # 12a, 3丁目, 2号: no number with a unit
    num: int | float = float(digits + m.group("dec")) if m.group("dec") else int(digits)
    if m.group("sign") in ("-", "−", "▲", "△"):
        num = -num
    return num, unit


@register
class Numbers(Step):
    """Numbers out of text: full-width digits, thousands separators, ▲ for
    minus; a unit written in the cells (「12人」) moves to the header
    (「人数（人）」).

    params: ``columns`` {column: unit}."""

    name = "numbers"
    title_ja = "文字列の数値を数値にする（全角数字・桁区切り・単位を見出しへ）"
    title_en = "Numbers out of text (full-width digits, separators, unit to the header)"

    def apply(self, table: Table) -> list[Table]:
        wanted: dict[str, str] = self.params.get("columns") or {}
        out = table
        header = list(table.cells[0]) if table.header and table.cells else []
        for name, unit in wanted.items():
            col = out.column_index(name)
            if col is None:
                continue

            def convert(v: Any, unit: str = unit) -> Any:
                got = parse_number(v)
                return got[0] if got and got[1] == unit else v
            out = map_cells(out, [col], convert)
            if unit and header and not UNIT_IN_HEADER.search(text(header[col])):
                header[col] = f"{text(header[col])}（{unit}）"
        if header:
            out = out.replace(cells=[header, *out.cells[1:]])
        return [out]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header:
            return None
        found: dict[str, str] = {}
        for col, name in enumerate(table.columns):
            if _CODE_HEADER.search(name):
                continue
            values = _column_values(table, col)
            parsed = [parse_number(v) for v in values]
            ok = [p for p in parsed if p]
            if not values or not name or len(ok) < _SHARE * len(values):
                continue
            units = Counter(p[1] for p in ok)
            unit, n = units.most_common(1)[0]
            if n < _SHARE * len(values):
                continue
            changes = any(isinstance(v, str) and parse_number(v) and (
                not v.isascii() or "," in v or unit) for v in values)
            if changes:
                found[name] = unit
        return cls({"columns": found}) if found else None


@register
class Dates(Step):
    """和暦 and other date spellings to ISO 8601 (2022-04-01, 2022-04,
    2022). params: ``columns`` [names]."""

    name = "dates"
    title_ja = "和暦などの日付を ISO 8601（西暦）にする"
    title_en = "和暦 and other date spellings to ISO 8601"

    def apply(self, table: Table) -> list[Table]:
        cols = columns_of(table, self.params.get("columns") or [])
        return [map_cells(table, cols, lambda v: (isinstance(v, str) and dates.to_iso(v)) or v)]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header:
            return None
        found = []
        for col, name in enumerate(table.columns):
            values = [v for v in _column_values(table, col) if isinstance(v, str)]
            converted = [dates.to_iso(v) for v in values]
            iso = sum(1 for v in values if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", v.strip()))
            n = sum(1 for c in converted if c)
            if name and n and n + iso >= _SHARE * len(_column_values(table, col)):
                found.append(name)
        return cls({"columns": found}) if found else None


YES = frozenset({"○", "〇", "◯", "●", "◎", "有", "有り", "あり", "可", "はい", "yes", "true",
                 "設置", "設置あり", "対応", "対応可"})
NO = frozenset({"×", "✕", "✖", "無", "無し", "なし", "不可", "いいえ", "no", "false",
                "未設置", "設置なし", "非対応", "対応不可"})


def _choice_key(value: Any) -> str:
    v = unicodedata.normalize("NFKC", text(value)).strip().lower()
    return re.sub(r"[\s\u3000]", "", v)


def _choice_mapping(counts: Counter[str]) -> dict[str, Any]:
    """How to write a column's values one way: yes/no values as the column
    writes them most ("__yes__", "__no__"); other values written in several
    ways (full-width, spaces) as their most frequent spelling."""
    mapping: dict[str, Any] = {}
    keys = {_choice_key(v) for v in counts}
    if keys <= (YES | NO):
        yes = [v for v, _ in counts.most_common() if _choice_key(v) in YES]
        no = [v for v, _ in counts.most_common() if _choice_key(v) in NO]
        if len(yes) > 1 or len(no) > 1:
            mapping["__yes__"] = yes[0] if yes else None
            mapping["__no__"] = no[0] if no else None
        return mapping
    by_key: dict[str, list[str]] = {}
    for v, _ in counts.most_common():
        by_key.setdefault(_choice_key(v), []).append(v)
    for spellings in by_key.values():
        for other in spellings[1:]:
            mapping[other] = spellings[0]
    return mapping


@register
class Choices(Step):
    """One spelling per choice: yes/no values (○, 有, あり, はい ... and
    ×, 無, なし ...) written the way the column writes them most, other
    values written in several ways (full-width, spaces) the same way.

    params: ``columns`` {column: {spelling: value}}."""

    name = "choices"
    title_ja = "選択肢の表記（有/○/あり など）を統一"
    title_en = "Write choice values (yes/no and others) one way"

    def apply(self, table: Table) -> list[Table]:
        out = table
        for name, mapping in (self.params.get("columns") or {}).items():
            col = out.column_index(name)
            if col is None:
                continue
            yes = mapping.get("__yes__")
            no = mapping.get("__no__")

            def convert(v: Any, mapping: dict = mapping, yes: Any = yes, no: Any = no) -> Any:
                if blank(v):
                    return v
                if text(v) in mapping:
                    return mapping[text(v)]
                key = _choice_key(v)
                if yes and key in YES:
                    return yes
                if no and key in NO:
                    return no
                return v
            out = map_cells(out, [col], convert)
        return [out]

    @classmethod
    def propose(cls, table: Table, hints: dict[str, Any] | None = None) -> Step | None:
        if not table.header:
            return None
        found: dict[str, dict[str, Any]] = {}
        for col, name in enumerate(table.columns):
            values = [text(v) for v in _column_values(table, col)]
            if not name or not values:
                continue
            counts = Counter(values)
            if len(counts) > max(10, len(values) // 3):
                continue
            mapping = _choice_mapping(counts)
            if mapping:
                found[name] = mapping
        return cls({"columns": found}) if found else None
