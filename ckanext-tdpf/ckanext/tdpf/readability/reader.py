"""Readers that stream a file's sheets row by row, in bounded memory.

Every sheet is a :class:`Sheet`: ``rows()`` yields ``(row, values, extras)``
with 1-based ``row``, ``values[i]`` the value of column i+1 (None, str,
int, float, bool, datetime) and ``extras`` None for text files or, per
cell, ``(formula, style)``: the formula text (or None) and a
:class:`Style`. ``rows()`` may be called more than once (each call reads
again). The sheet's metadata (merged ranges, hidden rows and columns,
drawings' anchors, its used size) is complete once ``rows()`` has been
read through once.

CSV/TSV are parsed here rather than by the csv module because the rules
need what the csv module hides: records spanning lines, quotes inside
unquoted fields, text after a closing quote. Lines without a quote (the
usual case) take a fast path."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

__all__ = ["CsvDiagnostics", "Sheet", "Style", "decode_check", "open_sheets"]

Row = tuple[int, list[Any], "list[tuple[str | None, Style | None]] | None"]
_CHUNK = 1 << 20
MAX_COLS = 2000  # columns beyond this are not read (a guard against runaway sheets)
_MAX_SAMPLES = 50


@dataclass(frozen=True)
class Style:
    font_color: str | None = None
    bg_color: str | None = None
    bold: bool = False
    italic: bool = False


PLAIN = Style()


@dataclass
class CsvDiagnostics:
    """What the raw CSV scan saw: issue counts and the first places."""

    counts: dict[str, int] = field(default_factory=dict)
    samples: list[tuple[str, int, int | None, str]] = field(default_factory=list)
    expected_fields: int | None = None

    def add(self, kind: str, row: int, col: int | None, seen: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= _MAX_SAMPLES:
            self.samples.append((kind, row, col, seen[:120]))


@dataclass
class Sheet:
    name: str
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    objects: list[tuple[int, int, str]] = field(default_factory=list)
    max_row: int = 0
    max_col: int = 0
    csv: CsvDiagnostics | None = None
    _reader: Any = None

    def rows(self) -> Iterator[Row]:
        return self._reader()


# ---------------------------------------------------------------- encodings

_CANDIDATES = ("utf-8", "cp932", "euc_jp")


def _decodes(path: str, encoding: str, skip: int) -> bool:
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:  # an encoding name Python does not know
        return False
    try:
        with open(path, "rb") as stream:
            stream.seek(skip)
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def decode_check(path: str, encoding: str | None) -> tuple[str, bool]:
    """The encoding to read a text file with and whether every byte of the
    file decodes in it: BOM first, then the given encoding, UTF-8, cp932
    (Shift_JIS), EUC-JP over the whole file (streamed): a given encoding
    is checked, not trusted."""
    with open(path, "rb") as stream:
        head = stream.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _decodes(path, "utf-8", 3)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", _decodes(path, "utf-16", 0)
    tried = (encoding, *_CANDIDATES) if encoding else _CANDIDATES
    for candidate in dict.fromkeys(tried):
        if _decodes(path, candidate, 0):
            return candidate, True
    return "cp932", False


# ---------------------------------------------------------------- CSV / TSV


def _split_quoted(
    line: str, delim: str, state: dict[str, Any]
) -> tuple[list[str], list[int]] | None:
    """Feed one physical line to the quote-aware scanner. Returns the
    record's values and the columns with a stray quote when the record
    ends on this line, None while a quoted value goes on. ``state`` carries
    the scanner across lines."""
    fields: list[str] = state.setdefault("fields", [])
    cur: list[str] = state.setdefault("cur", [])
    in_q = state.get("in_q", False)
    at_start = state.get("at_start", True)
    after_q = state.get("after_q", False)
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if in_q:
            if ch == '"':
                if i + 1 < n and line[i + 1] == '"':
                    cur.append('"')
                    i += 2
                    continue
                in_q, after_q = False, True
            else:
                cur.append(ch)
            i += 1
            continue
        if ch == delim:
            fields.append("".join(cur))
            cur.clear()
            at_start, after_q = True, False
        elif ch in "\r\n":
            # end of record (\r\n, \n or \r); the terminator is the line's end
            fields.append("".join(cur))
            done = (list(fields), list(state.get("quote_issue", [])))
            state.clear()
            return done
        elif ch == '"' and at_start:
            in_q, at_start = True, False
        else:
            if ch == '"' or (after_q and not ch.isspace()):
                state.setdefault("quote_issue", []).append(len(fields) + 1)
            cur.append(ch)
            at_start = False
        i += 1
    state.update(in_q=in_q, at_start=at_start, after_q=after_q)
    if not in_q and line and line[-1] not in "\r\n":
        # the file's last line, without a terminator
        fields.append("".join(cur))
        done = (list(fields), list(state.get("quote_issue", [])))
        state.clear()
        return done
    return None


def _csv_rows(path: str, encoding: str, delim: str, diag: CsvDiagnostics) -> Iterator[Row]:
    """Records of a CSV/TSV; fills ``diag`` as the agency's raw scan does:
    records over several lines, unclosed and stray quotes, records whose
    number of fields differs from the first record's (a blank line is a
    record of one empty field there)."""
    diag.counts.clear()
    diag.samples.clear()
    diag.expected_fields = None
    record_no = 0
    state: dict[str, Any] = {}
    start_line = line_no = 0
    with open(path, encoding=encoding, errors="replace", newline="") as stream:
        for line in stream:
            line_no += 1
            if record_no == 0 and not state and line.startswith("\ufeff"):
                line = line[1:]
            if not state and '"' not in line:
                start_line = line_no
                values = line.rstrip("\r\n").split(delim)
                quote_issue: list[int] = []
            else:
                if not state:
                    start_line = line_no
                got = _split_quoted(line, delim, state)
                if got is None:
                    continue
                values, quote_issue = got
            record_no += 1
            yield from _finish(diag, record_no, values, quote_issue, start_line, line_no)
        if state:
            values = state.get("fields", []) + ["".join(state.get("cur", []))]
            record_no += 1
            diag.add("unclosed_quote", record_no, None, ",".join(values)[:120])
            yield from _finish(
                diag,
                record_no,
                values,
                state.get("quote_issue", []),
                start_line,
                line_no,
                unclosed=True,
            )


def _finish(
    diag: CsvDiagnostics,
    record_no: int,
    values: list[str],
    quote_issue: list[int],
    start_line: int,
    end_line: int,
    unclosed: bool = False,
) -> Iterator[Row]:
    n = len(values)
    if record_no == 1:
        diag.expected_fields = n
    elif diag.expected_fields is not None and n != diag.expected_fields:
        diag.add("field_count", record_no, None, f"{n}/{diag.expected_fields}")
    if end_line > start_line and not unclosed:
        diag.add("multiline", record_no, None, f"{start_line}-{end_line}")
    for col in quote_issue:
        diag.add("stray_quote", record_no, col, values[col - 1] if col <= n else "")
    if n == 1 and values[0] == "":
        yield record_no, [], None
        return
    yield record_no, [v if v != "" else None for v in values[:MAX_COLS]], None


def _csv_sheet(path: str, name: str, encoding: str, delim: str) -> Sheet:
    sheet = Sheet(name=name)
    diag = CsvDiagnostics()
    sheet.csv = diag
    sheet._reader = lambda: _csv_rows(path, encoding, delim, diag)
    return sheet


# ---------------------------------------------------------------- XLSX

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ref(ref: str) -> tuple[int, int]:
    m = _REF.match(ref)
    if not m:
        return 0, 0
    return int(m.group(2)), _col_index(m.group(1))


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code).lower()
    return bool(re.search(r"[ymdhs]", code)) and "general" not in code


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, _, name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels"
    if rels_name not in archive.namelist():
        return {}
    root = SafeET.fromstring(archive.read(rels_name))
    return {
        r.get("Id", ""): (r.get("Type", ""), _target(part, r.get("Target", "")))
        for r in root.iter(f"{_PKG_REL}Relationship")
    }


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if not part or part not in archive.namelist():
        return []
    out: list[str] = []
    with archive.open(part) as stream:
        for _, el in SafeET.iterparse(stream):
            if el.tag == f"{_NS}si":
                # phonetic guides (rPh) are not part of the text
                texts = [t.text or "" for t in el.iter(f"{_NS}t")]
                phonetic = [
                    t.text or "" for rph in el.iter(f"{_NS}rPh") for t in rph.iter(f"{_NS}t")
                ]
                if phonetic:
                    for p in phonetic:
                        texts.remove(p)
                out.append("".join(texts))
                el.clear()
    return out


def _rgb(el: Element | None) -> str | None:
    if el is None:
        return None
    rgb = el.get("rgb")
    return rgb.upper() if rgb else None


def _styles(archive: zipfile.ZipFile, part: str | None) -> tuple[list[Style], set[int]]:
    """Per cell format index: its Style, and the set of date formats."""
    if not part or part not in archive.namelist():
        return [], set()
    root = SafeET.fromstring(archive.read(part))
    custom_dates = {
        int(n.get("numFmtId", "0"))
        for n in root.iter(f"{_NS}numFmt")
        if _is_date_format(n.get("formatCode", ""))
    }
    fonts = []
    fonts_el = root.find(f"{_NS}fonts")
    for font in fonts_el if fonts_el is not None else []:
        b, i = font.find(f"{_NS}b"), font.find(f"{_NS}i")
        fonts.append(
            (
                _rgb(font.find(f"{_NS}color")),
                b is not None and b.get("val", "1") not in ("0", "false"),
                i is not None and i.get("val", "1") not in ("0", "false"),
            )
        )
    fills = []
    fills_el = root.find(f"{_NS}fills")
    for fill in fills_el if fills_el is not None else []:
        pattern = fill.find(f"{_NS}patternFill")
        if pattern is not None and pattern.get("patternType") not in (None, "none", "gray125"):
            fills.append(_rgb(pattern.find(f"{_NS}fgColor")))
        else:
            fills.append(None)
    styles: list[Style] = []
    dates: set[int] = set()
    xfs = root.find(f"{_NS}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        font_id, fill_id = int(xf.get("fontId", "0")), int(xf.get("fillId", "0"))
        color, bold, italic = fonts[font_id] if font_id < len(fonts) else (None, False, False)
        bg = fills[fill_id] if fill_id < len(fills) else None
        styles.append(Style(color, bg, bold, italic))
        fmt = int(xf.get("numFmtId", "0"))
        if fmt in _DATE_IDS or fmt in custom_dates:
            dates.add(index)
    return styles, dates


def _anchors(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, str]]:
    found = []
    root = SafeET.fromstring(archive.read(part))
    for anchor in root:
        kind = anchor.tag.rsplit("}", 1)[-1]
        if not kind.endswith("Anchor"):
            continue
        start = anchor.find(f"{_XDR}from")
        row = col = 1
        if start is not None:
            row = int(start.findtext(f"{_XDR}row") or 0) + 1
            col = int(start.findtext(f"{_XDR}col") or 0) + 1
        what = next(
            (
                c.tag.rsplit("}", 1)[-1]
                for c in anchor
                if c.tag.rsplit("}", 1)[-1] in ("pic", "sp", "graphicFrame", "grpSp", "cxnSp")
            ),
            "object",
        )
        found.append((row, col, what))
    return found


def _xlsx_sheets(path: str) -> list[Sheet]:
    archive = zipfile.ZipFile(path)
    wb_part = "xl/workbook.xml"
    root = SafeET.fromstring(archive.read(wb_part))
    pr = root.find(f"{_NS}workbookPr")
    # spreadsheet dates are naive wall-clock dates: no time zone is meant
    naive = dt.datetime  # spreadsheet dates are wall-clock dates without a time zone
    epoch = (
        naive(1904, 1, 1)
        if pr is not None and pr.get("date1904") in ("1", "true")
        else naive(1899, 12, 30)
    )
    rels = _rels(archive, wb_part)
    strings_part = next((t for ty, t in rels.values() if ty.endswith("/sharedStrings")), None)
    styles_part = next((t for ty, t in rels.values() if ty.endswith("/styles")), None)
    strings = _shared_strings(archive, strings_part)
    styles, dates = _styles(archive, styles_part)
    sheets = []
    for el in root.iter(f"{_NS}sheet"):
        rel = rels.get(el.get(f"{_REL}id", ""))
        if not rel or not rel[0].endswith("/worksheet") or rel[1] not in archive.namelist():
            continue
        sheet = Sheet(name=el.get("name", ""))
        part = rel[1]
        for ty, target in _rels(archive, part).values():
            if ty.endswith("/drawing") and target in archive.namelist():
                sheet.objects.extend(_anchors(archive, target))
        sheet._reader = _xlsx_reader(archive, part, sheet, strings, styles, dates, epoch)
        sheets.append(sheet)
    return sheets


def _xlsx_reader(archive, part, sheet, strings, styles, dates, epoch):  # noqa: C901, PLR0915 - one branch per cell type/element of the file format
    def number(text: str, date: bool) -> Any:
        try:
            value: Any = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            return text
        if date:
            try:
                return epoch + dt.timedelta(days=float(value))
            except (OverflowError, ValueError):
                return value
        return value

    def rows() -> Iterator[Row]:  # noqa: C901, PLR0912, PLR0915 - one branch per cell type/element of the file format
        sheet.merged.clear()
        sheet.hidden_rows.clear()
        sheet.hidden_cols.clear()
        max_row = max_col = 0
        row_no = 0
        values: list[Any] = []
        extras: list[tuple[str | None, Style | None]] = []
        c_tag, v_tag, f_tag, row_tag = f"{_NS}c", f"{_NS}v", f"{_NS}f", f"{_NS}row"
        is_tag, t_tag = f"{_NS}is", f"{_NS}t"
        with archive.open(part) as stream:
            for event, el in SafeET.iterparse(stream, events=("start", "end")):
                tag = el.tag
                if event == "start":
                    if tag == row_tag:
                        row_no = int(el.get("r") or row_no + 1)
                        if el.get("hidden") in ("1", "true"):
                            sheet.hidden_rows.add(row_no)
                        values, extras = [], []
                    continue
                if tag == c_tag:
                    ref = el.get("r")
                    col = _ref(ref)[1] if ref else len(values) + 1
                    if col > MAX_COLS:
                        el.clear()
                        continue
                    kind = el.get("t", "n")
                    s = int(el.get("s", "0"))
                    f = el.find(f_tag)
                    formula = (f.text or "=") if f is not None else None
                    raw = el.findtext(v_tag)
                    value: Any = None
                    if kind == "s" and raw is not None:
                        index = int(raw)
                        value = strings[index] if index < len(strings) else None
                    elif kind == "inlineStr":
                        node = el.find(is_tag)
                        value = (
                            "".join(t.text or "" for t in node.iter(t_tag))
                            if node is not None
                            else None
                        )
                    elif kind in ("str", "e"):
                        value = raw
                    elif kind == "b":
                        value = raw in ("1", "true") if raw is not None else None
                    elif raw is not None:
                        value = number(raw, s in dates)
                    if value == "":
                        value = None
                    while len(values) < col - 1:
                        values.append(None)
                        extras.append((None, None))
                    values.append(value)
                    extras.append((formula, styles[s] if s < len(styles) else PLAIN))
                    max_row = max(max_row, row_no)
                    max_col = max(max_col, col)
                    el.clear()
                elif tag == row_tag:
                    if values:
                        yield row_no, values, extras
                    el.clear()
                elif tag == f"{_NS}col":
                    if el.get("hidden") in ("1", "true"):
                        lo, hi = int(el.get("min", "1")), int(el.get("max", "1"))
                        sheet.hidden_cols.update(range(lo, min(hi, MAX_COLS) + 1))
                elif tag == f"{_NS}mergeCell":
                    a, _, b = (el.get("ref") or "").partition(":")
                    r1, c1 = _ref(a)
                    r2, c2 = _ref(b or a)
                    if r1 and c1:
                        sheet.merged.append((r1, c1, r2, c2))
        sheet.max_row, sheet.max_col = max_row, max_col

    return rows


# ---------------------------------------------------------------- XLS


def _xls_sheets(path: str, encoding: str | None = None) -> list[Sheet]:
    import xlrd  # the old binary format only; imported when such a file comes

    # encoding_override: the code page of BIFF5 and older files that do not
    # say theirs (cp932 for Japanese Excel 95); BIFF8 text is UTF-16 anyway
    book = xlrd.open_workbook(path, formatting_info=True, on_demand=True,
                              encoding_override=encoding)
    colours = book.colour_map

    def colour(index: int | None) -> str | None:
        rgb = colours.get(index) if index is not None else None
        return "FF{:02X}{:02X}{:02X}".format(*rgb) if rgb else None

    xf_styles: list[Style] = []
    for xf in book.xf_list:
        font = book.font_list[xf.font_index]
        bg = xf.background
        fill = colour(bg.pattern_colour_index) if bg.fill_pattern else None
        font_colour = colour(font.colour_index)
        xf_styles.append(
            Style(
                None if font_colour == "FF000000" else font_colour,
                None if fill == "FFFFFFFF" else fill,
                bool(font.bold),
                bool(font.italic),
            )
        )
    sheets = []
    for index in range(book.nsheets):
        sh = book.sheet_by_index(index)
        sheet = Sheet(name=sh.name)
        sheet.merged = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sh.merged_cells]
        sheet.hidden_rows = {r + 1 for r, info in sh.rowinfo_map.items() if info.hidden}
        sheet.hidden_cols = {c + 1 for c, info in sh.colinfo_map.items() if info.hidden}
        sheet.max_row, sheet.max_col = sh.nrows, sh.ncols
        sheet._reader = _xls_reader(book, sh, xf_styles)
        sheets.append(sheet)
    return sheets


def _xls_reader(book, sh, xf_styles):  # noqa: C901 - one branch per cell type/element of the file format
    import xlrd

    def rows() -> Iterator[Row]:
        for r in range(sh.nrows):
            values: list[Any] = []
            extras: list[tuple[str | None, Style | None]] = []
            for c in range(min(sh.ncols, MAX_COLS)):
                cell = sh.cell(r, c)
                kind, value = cell.ctype, cell.value
                if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or value == "":
                    value = None
                elif kind == xlrd.XL_CELL_NUMBER:
                    value = int(value) if float(value).is_integer() else value
                elif kind == xlrd.XL_CELL_DATE:
                    with contextlib.suppress(ValueError, OverflowError):
                        value = xlrd.xldate_as_datetime(value, book.datemode)
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif kind == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(value, "#ERR")
                xf = cell.xf_index
                values.append(value)
                extras.append(
                    (None, xf_styles[xf] if xf is not None and xf < len(xf_styles) else PLAIN)
                )
            while values and values[-1] is None:
                values.pop()
                extras.pop()
            if values:
                yield r + 1, values, extras

    return rows


def open_sheets(path: str, fmt: str, encoding: str | None = None) -> list[Sheet]:
    """The sheets of a file (one for CSV/TSV, named after nothing).
    ``encoding``: of a text file; of an old .xls without a code page."""
    if fmt in ("csv", "tsv"):
        return [_csv_sheet(path, "", encoding or "utf-8", "\t" if fmt == "tsv" else ",")]
    if fmt == "xlsx":
        return _xlsx_sheets(path)
    if fmt == "xls":
        return _xls_sheets(path, encoding)
    raise ValueError(f"not a tabular format: {fmt}")
