"""JSON for the scanner, streamed: a top-level array, and the array members
of a top-level object (GeoJSON's ``features``, ``{"data": [...]}``), are
read one element at a time; each array becomes a table whose columns are
the (flattened) keys of its objects. Only one element, or one other
member, is in memory at once: larger than ``max_bytes`` gets a blocking
``too_large`` finding."""
from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .scanner import (
    BLOCKING,
    MAX_COLUMNS,
    SAMPLE_BYTES,
    Finding,
    Report,
    TableScan,
    detect_encoding,
)

CHUNK = 64 * 1024
_WHITESPACE = " \t\r\n"


class TooLarge(Exception):
    pass


class _Reader:
    """Values one at a time from a text stream (``json.JSONDecoder.raw_decode``
    on a sliding buffer)."""

    def __init__(self, text: IO[str], max_chars: int):
        self.text, self.max_chars = text, max_chars
        self.buf, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        if len(self.buf) - self.pos > self.max_chars:
            raise TooLarge  # one value still incomplete after max_chars
        chunk = self.text.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next non-blank character ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf) or not self._fill():
                return self.buf[self.pos:self.pos + 1]

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise ValueError(f"expected {char!r} at {self.buf[self.pos:self.pos + 20]!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
                # a number at the end of the buffer may go on in the next chunk
                if end < len(self.buf) or self.eof:
                    if end - self.pos > self.max_chars:
                        raise TooLarge
                    self.pos = end
                    return value
            except json.JSONDecodeError:
                if self.eof:
                    raise
            if not self._fill() and self.eof and self.pos >= len(self.buf):
                raise ValueError("unexpected end of JSON")

    def items(self) -> Iterator[Any]:
        """The elements of the array that starts here."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.take("]")
            return


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        if "geometry" in value and isinstance(value.get("properties"), dict):
            value = value["properties"]  # a GeoJSON feature: its properties
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        return {prefix or "value": " ".join(
            json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v)
            for v in value)}
    return {prefix or "value": value}


class _Table:
    """A TableScan whose columns appear with the keys of its objects; an
    array of arrays is a CSV in JSON (first row of strings: the header)."""

    def __init__(self, name: str):
        self.scan = TableScan([], sheet=name)
        self.index: dict[str, int] = {}
        self.rows = 0

    def _column(self, key: str) -> int | None:
        if key not in self.index and len(self.scan.columns) < MAX_COLUMNS:
            self.index[key] = self.scan.add_column(key).index
        return self.index.get(key)

    def add(self, element: Any) -> None:
        self.rows += 1
        if isinstance(element, list):
            if not self.scan.columns and element and all(isinstance(v, str) for v in element):
                for key in element:
                    self._column(key)
                self.rows = 0
                return
            cells = [json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                     for v in element]
        else:
            flat = _flatten(element)
            cells = [None] * len(self.scan.columns)
            for key, value in flat.items():
                index = self._column(key)
                if index is not None:
                    cells.extend([None] * (index + 1 - len(cells)))
                    cells[index] = value
        self.scan.add(self.rows, cells)


def _tables_of(value: Any, path: str) -> Iterator[tuple[str, list]]:
    """Arrays inside a value read whole (a member that is not an array)."""
    if isinstance(value, list):
        yield path, value
    elif isinstance(value, dict):
        scalars = {k: v for k, v in value.items() if not isinstance(v, (dict, list))}
        if scalars:
            yield path, [scalars]
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                yield from _tables_of(item, f"{path}.{key}" if path else str(key))
    else:
        yield path, [{path or "value": value}]


def _finish(report: Report, tables: list[_Table]) -> None:
    for table in tables:
        if table.rows:
            report.tables += 1
            report.rows += table.rows
            report.findings.extend(table.scan.findings())


def _add_table(tables: list[_Table], name: str, elements: Iterable[Any]) -> None:
    """A table of ``elements``, listed before it is read: what was read of
    it counts when the rest is too large or broken."""
    table = _Table(name)
    tables.append(table)
    for element in elements:
        table.add(element)


def _add_member(value: Any, key: str, members: _Table, tables: list[_Table]) -> None:
    """A top-level member that is not an array: its scalars are a row of
    the members' table, the arrays inside it tables of their own."""
    for path, elements in _tables_of(value, key):
        if path == key and not isinstance(elements[0], dict):
            continue
        table = members if path == key else _Table(path)
        for element in elements:
            table.add(element)
        if table is not members:
            tables.append(table)


def _add_object(reader: _Reader, tables: list[_Table]) -> None:
    """A top-level object: each array member a table, the other members
    one more."""
    reader.take("{")
    members = _Table("")
    while reader.peek() not in ("}", ""):
        key = str(reader.value())
        reader.take(":")
        if reader.peek() == "[":
            _add_table(tables, key, reader.items())
        else:
            _add_member(reader.value(), key, members, tables)
        if reader.peek() == ",":
            reader.pos += 1
    reader.take("}")
    tables.append(members)


def scan_json(stream: IO[bytes], report: Report, max_bytes: int) -> None:
    sample = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    report.encoding = detect_encoding(sample)
    encoding = "utf-8" if report.encoding == "latin1-mojibake" else report.encoding
    reader = _Reader(io.TextIOWrapper(stream, encoding=encoding, errors="replace"), max_bytes)
    tables: list[_Table] = []
    try:
        first = reader.peek()
        if first == "[":
            _add_table(tables, "", reader.items())
        elif first == "{":
            _add_object(reader, tables)
        else:
            for path, elements in _tables_of(reader.value(), ""):
                _add_table(tables, path, elements)
    except TooLarge:
        report.findings.append(Finding(rule="too_large", severity=BLOCKING,
                                       reason="json_size", column="", count=max_bytes))
        report.notes.append(f"too large to scan: a JSON value over {max_bytes:,} characters")
    except ValueError as e:
        report.notes.append(f"unreadable: not valid JSON ({e})")
    _finish(report, tables)
