"""The personal-data scanner: reads CSV/TSV, XLSX and JSON as a stream of
rows, keeps a few counters per column (bounded memory whatever the size),
and decides at the end of each table what to report.

Severity (see :func:`TableScan.findings`):

- ``blocking``: 個人番号 with a valid check digit (in a column named
  個人番号/マイナンバー, or where at least 80 % of a column's 12-digit
  numbers pass the check: random codes pass one time in ten); a column
  named for people's names whose values look like names; a birth-date
  column whose values are dates. Once a table has a name or birth-date
  column, or a column of 個人番号 (not one number in a remark), it is a
  *person table*: its phone, email, postal-code and address columns are
  blocking too, since together they describe people. Mobile numbers
  or free-mail addresses in a table without any facility or organisation
  name column are blocking as well (whose else would they be?).
- ``info``: contact data of a table that names facilities or organisations
  (名称, 施設名, 病院名 ...): office phone numbers, public mailboxes and
  postal codes are what public facility lists are for. Shown, never blocks.

Nothing raw is kept: samples are masked (:func:`rules.mask`) before they
leave the column counters.
"""
from __future__ import annotations

import bisect
import codecs
import csv
import datetime
import io
import itertools
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from . import rules

MAX_ROWS_KEPT = 5      # row numbers kept per finding
MAX_SAMPLES = 3        # masked samples kept per finding
MAX_COLUMNS = 1000     # wider tables: the extra columns are not scanned
HEADER_WINDOW = 20     # rows looked at to find the header (metadata rows above it)
SAMPLE_BYTES = 256 * 1024
DEFAULT_JSON_MAX_BYTES = 50 * 1024 * 1024
BLOCKING, INFO = "blocking", "info"
FORMATS = ("csv", "tsv", "xlsx", "json")

csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class Finding:
    """One rule matched in one column of one table (sheet)."""
    rule: str
    severity: str
    reason: str           # why this severity: header, values, person_table, ...
    column: str
    sheet: str = ""
    count: int = 0
    rows: list[int] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    format: str
    encoding: str = ""
    tables: int = 0
    rows: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == BLOCKING]


class _Hits:
    __slots__ = ("count", "rows", "samples")

    def __init__(self):
        self.count, self.rows, self.samples = 0, [], []

    def add(self, row: int, value: object, rule: str) -> None:
        self.count += 1
        if len(self.rows) < MAX_ROWS_KEPT and (not self.rows or self.rows[-1] != row):
            self.rows.append(row)
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(rules.mask(value, rule))


class _Column:
    def __init__(self, index: int, header: object):
        self.index = index
        self.header = str(header if header is not None else "").strip() or f"#{index + 1}"
        self.kind = rules.header_kind(header) or ""  # "": the header says nothing
        self.nonempty = 0
        self.hits: dict[str, _Hits] = {}
        self.shaped = _Hits()      # values matching the header's kind (names, dates, addresses)
        self.my_number_candidates = 0
        self.mobile = 0
        self.personal_mail = 0

    def hit(self, rule: str) -> _Hits:
        return self.hits.setdefault(rule, _Hits())


_SHAPE_TESTS = {
    "person_name": lambda v: isinstance(v, str) and rules.looks_like_person_name(v),
    "birth_date": rules.looks_like_date,
    "address": lambda v: isinstance(v, str) and rules.looks_like_address(v),
}


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into Excel: 123456789018.0
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return ""  # dates are not contact data; birth dates go by header
    return str(value)


class TableScan:
    """Counters of one table; feed it ``(row_number, cells)`` after the
    header, then read :meth:`findings`."""

    def __init__(self, header: Iterable[object], sheet: str = ""):
        self.sheet = sheet
        self.columns = [_Column(i, h) for i, h in enumerate(list(header)[:MAX_COLUMNS])]
        self.rows = 0
        self._shaped = [c for c in self.columns if c.kind in _SHAPE_TESTS]

    def add_column(self, header: object) -> _Column:
        """A column known only once rows arrive (keys of JSON objects)."""
        column = _Column(len(self.columns), header)
        self.columns.append(column)
        if column.kind in _SHAPE_TESTS:
            self._shaped.append(column)
        return column

    def _column(self, index: int) -> _Column:
        while index >= len(self.columns) and len(self.columns) < MAX_COLUMNS:
            self.columns.append(_Column(len(self.columns), ""))
        return self.columns[min(index, len(self.columns) - 1)]

    def add(self, row_number: int, cells: list, plain: bool = False) -> None:
        """One data row; ``plain``: every cell is a str (CSV), no conversion."""
        self.rows += 1
        cells = cells[:MAX_COLUMNS]
        texts = cells if plain else [_cell_text(c) for c in cells]
        self._shapes(row_number, cells)
        self._patterns(row_number, texts)
        for col, text in zip(self.columns, texts, strict=False):
            if text and not text.isspace():
                col.nonempty += 1
            elif not plain and cells[col.index] not in (None, ""):
                col.nonempty += 1  # a date (no text for the patterns)

    def _shapes(self, row_number: int, cells: list) -> None:
        """Values shaped as their column's header says (names, dates, addresses)."""
        for col in self._shaped:
            if col.index < len(cells):
                value = cells[col.index]
                if value not in (None, "") and _SHAPE_TESTS[col.kind](value):
                    col.shaped.add(row_number, value, col.kind)

    def _patterns(self, row_number: int, texts: list) -> None:
        """The rules' patterns over the row's text, each hit counted in its column."""
        line = "\x1f".join(texts)
        matches = rules.find_values(line)
        if "@" in line:
            matches = itertools.chain(matches, (
                ("email", m.start(), m.group()) for m in rules.EMAIL_PATTERN.finditer(line)))
        starts = None
        for rule, offset, value in matches:
            if starts is None:
                starts, pos = [], 0
                for text in texts:
                    starts.append(pos)
                    pos += len(text) + 1
            col = self._column(bisect.bisect_right(starts, offset) - 1)
            if rule == "my_number":
                col.my_number_candidates += 1
                if not rules.is_my_number(value):
                    continue
            elif rule == "phone" and rules.is_mobile(value):
                col.mobile += 1
            elif rule == "email" and rules.mail_domain(value) in rules.PERSONAL_MAIL_DOMAINS:
                col.personal_mail += 1
            col.hit(rule).add(row_number, value, rule)

    def _finding(self, col: _Column, rule: str, hits: _Hits, severity: str,
                 reason: str) -> Finding:
        return Finding(rule=rule, severity=severity, reason=reason, column=col.header,
                       sheet=self.sheet, count=hits.count, rows=list(hits.rows),
                       samples=list(hits.samples))

    def findings(self) -> list[Finding]:
        out, people = self._identity_findings()
        # a table about people: its contact columns describe those people
        person_table = people or any(f.rule != "my_number" for f in out)
        # a name column whose values are not people's names ("name" of a
        # facility list) is as good as 名称
        facility = any(c.nonempty and (c.kind == "entity_name" or (
            c.kind == "person_name" and c.shaped.count < 0.5 * c.nonempty))
            for c in self.columns)
        for col in self.columns:
            out.extend(self._contact_findings(col, person_table, facility))
        return out

    def _identity_findings(self) -> tuple[list[Finding], bool]:
        """Names, birth dates and 個人番号; and whether a column of 個人番号
        makes the table one about people."""
        out: list[Finding] = []
        people = False
        for col in self.columns:
            mostly = col.shaped.count and col.shaped.count >= 0.5 * col.nonempty
            if col.kind in ("person_name", "birth_date") and mostly:
                out.append(self._finding(col, col.kind, col.shaped, BLOCKING, "header_values"))
            hits = col.hits.get("my_number")
            if hits and (col.kind == "my_number"
                         or hits.count >= 0.8 * col.my_number_candidates):
                out.append(self._finding(col, "my_number", hits, BLOCKING, "check_digit"))
                if col.kind == "my_number" or hits.count >= 0.5 * col.nonempty:
                    people = True  # a column of 個人番号, not one in a remark
        return out, people

    def _contact_findings(self, col: _Column, person_table: bool,
                          facility: bool) -> list[Finding]:
        """Addresses, phone numbers, emails and postal codes of one column."""
        out: list[Finding] = []
        if person_table and col.kind == "address" and col.shaped.count:
            out.append(self._finding(col, "address", col.shaped, BLOCKING, "person_table"))
        for rule in ("phone", "email", "postal"):
            hits = col.hits.get(rule)
            if not hits:
                continue
            if person_table:
                severity, reason = BLOCKING, "person_table"
            elif not facility and rule == "phone" and col.mobile >= 0.5 * hits.count:
                severity, reason = BLOCKING, "mobile"
            elif not facility and rule == "email" and col.personal_mail >= 0.5 * hits.count:
                severity, reason = BLOCKING, "personal_mail"
            else:
                severity, reason = INFO, "facility" if facility else "contact"
            out.append(self._finding(col, rule, hits, severity, reason))
        return out


# -- encodings -------------------------------------------------------------------

def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        return True
    except UnicodeDecodeError:
        return False


def _latin1_mojibake(text: str) -> bool:
    """Shift_JIS bytes that went through Latin-1 into UTF-8: only U+0080-U+00FF
    outside ASCII, and they read as Japanese once put back."""
    high = [c for c in text if ord(c) > 0x7F]
    if len(high) < 20 or any(ord(c) > 0xFF for c in high):
        return False
    repaired = text.encode("latin-1").decode("cp932", errors="replace")
    return repaired.count("\ufffd") < 0.01 * len(high)


def _japanese_chars(sample: bytes, encoding: str) -> int:
    text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    return sum(1 for c in text if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff")


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig``, ``utf-16``, ``utf-8``, ``latin1-mojibake`` (repaired
    when read), ``cp932``, ``euc_jp``, or charset-normalizer's best guess."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(sample, "utf-8"):
        text = codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "latin1-mojibake" if _latin1_mojibake(text) else "utf-8"
    # EUC-JP bytes often decode as cp932 too (as half-width kana): the
    # candidate whose text reads as more Japanese wins
    legacy = [e for e in ("cp932", "euc_jp") if _decodes(sample, e)]
    if legacy:
        return max(legacy, key=lambda e: _japanese_chars(sample, e))
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best else "utf-8"


def _text_lines(stream: IO[bytes], encoding: str) -> Iterator[str]:
    if encoding == "latin1-mojibake":
        wrapper = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
        for line in wrapper:
            yield line.encode("latin-1", errors="replace").decode("cp932", errors="replace")
        return
    yield from io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


# -- readers ---------------------------------------------------------------------

def _pick_header(rows: list[list[object]]) -> int | None:
    """Index of the header among the first rows: the first row at least 80 %
    as wide as the widest and not mostly numbers (metadata rows such as
    ``#license,...`` above the header are narrower)."""
    widths = [sum(1 for c in r if _cell_text(c).strip()) for r in rows]
    if not widths:
        return None
    needed = max(2, -(-max(widths) * 4 // 5)) if max(widths) >= 2 else 1
    for i, (row, width) in enumerate(zip(rows, widths, strict=True)):
        if width >= needed:
            numeric = sum(1 for c in row if isinstance(c, (int, float))
                          or _cell_text(c).strip().replace(".", "", 1).isdigit())
            return None if numeric > width / 2 else i
    return None


def _scan_rows(rows: Iterable[list[Any]], report: Report, sheet: str = "",
               plain: bool = False) -> None:
    """Header detection on the first rows, then every row into a TableScan."""
    iterator = iter(rows)
    head: list[list[object]] = []
    for row in iterator:
        head.append(list(row))
        if len(head) >= HEADER_WINDOW:
            break
    if not head:
        return
    header_at = _pick_header(head)
    table = TableScan(head[header_at] if header_at is not None else [], sheet)
    for number, row in enumerate(head, start=1):
        if number - 1 != header_at:
            table.add(number, row, plain)
    for number, row in enumerate(iterator, start=len(head) + 1):
        table.add(number, row if plain else list(row), plain)
    report.tables += 1
    report.rows += table.rows
    report.findings.extend(table.findings())


def _scan_csv(stream: IO[bytes], report: Report, delimiter: str | None) -> None:
    sample = stream.read(SAMPLE_BYTES)
    report.encoding = detect_encoding(sample)
    stream.seek(0)
    lines = _text_lines(stream, report.encoding)
    if delimiter is None:
        first = sample.split(b"\n", 1)[0]
        delimiter = "\t" if first.count(b"\t") > first.count(b",") else ","
    try:
        _scan_rows(csv.reader(lines, delimiter=delimiter), report, plain=True)
    except csv.Error as e:
        report.notes.append(f"unreadable: {e}")


def _scan_xlsx(stream: IO[bytes], report: Report) -> None:
    import openpyxl

    report.encoding = "xlsx"
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        report.notes.append(f"unreadable: not an Excel workbook ({e})")
        return
    try:
        for sheet in book.worksheets:
            _scan_rows((list(r) for r in sheet.iter_rows(values_only=True)), report,
                       sheet=sheet.title)
    finally:
        book.close()


# -- entry points ----------------------------------------------------------------

# a resource's format field or file extension: the format scanned
_FORMAT_NAMES = {name: fmt for fmt, names in (
    ("csv", ("csv", "text/csv")),
    ("tsv", ("tsv", "tab", "text/tab-separated-values")),
    ("xlsx", ("xlsx", "xlsm", "excel", "ms excel")),
    ("json", ("json", "geojson", "application/json"))) for name in names}


def detect_format(fmt: str | None, name: str = "", head: bytes = b"") -> str | None:
    """``csv``, ``tsv``, ``xlsx``, ``json`` or None (not scanned)."""
    candidates = [(fmt or "").strip().lower().lstrip("."),
                  os.path.splitext(name.split("?", 1)[0])[1].lower().lstrip(".")]
    named = next((_FORMAT_NAMES[value] for value in candidates if value in _FORMAT_NAMES), None)
    if named:
        return named
    if head.startswith(b"PK\x03\x04") and b"xl/" in head[:2000]:
        return "xlsx"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    return "json" if stripped[:1] in (b"{", b"[") else None


def scan_stream(stream: IO[bytes], fmt: str,
                json_max_bytes: int = DEFAULT_JSON_MAX_BYTES) -> Report:
    """Scan a seekable binary stream of format ``fmt`` (see :func:`detect_format`).
    A file that cannot be read as its format gets a blocking ``unreadable``
    finding: what was not scanned must be checked by the provider."""
    report = Report(format=fmt)
    if fmt in ("csv", "tsv"):
        _scan_csv(stream, report, "\t" if fmt == "tsv" else None)
    elif fmt == "xlsx":
        _scan_xlsx(stream, report)
    elif fmt == "json":
        from .jsonscan import scan_json
        scan_json(stream, report, json_max_bytes)
    else:
        raise ValueError(f"unsupported format {fmt!r}")
    if any(note.startswith("unreadable") for note in report.notes):
        report.findings.append(Finding(rule="unreadable", severity=BLOCKING,
                                       reason="unreadable", column=""))
    return report


def scan_path(path: str, fmt: str | None = None, name: str = "", **kwargs) -> Report | None:
    """Scan a file; None when its format is not one the scanner reads.
    ``name`` (the original file name) helps when ``path`` has no extension."""
    with open(path, "rb") as stream:
        found = detect_format(fmt, name or path, stream.read(4096))
        if found is None:
            return None
        stream.seek(0)
        return scan_stream(stream, found, **kwargs)


def scan_bytes(data: bytes, fmt: str | None = None, name: str = "", **kwargs) -> Report | None:
    found = detect_format(fmt, name, data[:4096])
    if found is None:
        return None
    return scan_stream(io.BytesIO(data), found, **kwargs)
