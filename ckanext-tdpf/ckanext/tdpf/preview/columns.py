"""The DataStore columns of a table: names made valid and unique, types
inferred conservatively from every value (one streaming pass).

A column is ``int8`` or ``numeric`` only when every non-empty value is a
plain number without leading zeros and its name is not that of a code
(codes, numbers, telephone and postal numbers keep their zeros and their
meaning as text); everything else, dates included, stays ``text``."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["Columns", "column_names", "infer"]

_INT = re.compile(r"-?(0|[1-9][0-9]{0,17})")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]{0,30})\.[0-9]{1,30}")
_CODE_NAME = re.compile(
    r"コード|番号|郵便|電話|ＦＡＸ|FAX|法人|code|(^|[^a-z])(id|no|tel|zip)([^a-z]|$)",
    re.IGNORECASE)
_MAX_NAME_BYTES = 63  # PostgreSQL's identifier limit


def _valid(name: str, index: int) -> str:
    name = "".join(c for c in unicodedata.normalize("NFC", name)
                   if not unicodedata.category(c).startswith("C")).replace('"', "'").strip()
    name = name.lstrip("_").strip()
    while len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        name = name[:-1]
    return name.strip() or f"column_{index + 1}"


def column_names(header: Iterable[str]) -> list[str]:
    """The header as DataStore field ids: no leading underscore, quote or
    control character, at most 63 bytes, unique (``名称_2`` for a repeat)."""
    names: list[str] = []
    for index, raw in enumerate(header):
        name = base = _valid(raw, index)
        n = 1
        while name in names:
            n += 1
            suffix = f"_{n}"
            trimmed = base
            while len((trimmed + suffix).encode("utf-8")) > _MAX_NAME_BYTES:
                trimmed = trimmed[:-1]
            name = trimmed + suffix
        names.append(name)
    return names


class Columns:
    """Types seen so far, one ``see(row)`` per data row."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._int = [not _CODE_NAME.search(n) for n in names]
        self._num = list(self._int)
        self._any = [False] * len(names)
        self.rows = 0
        self.wider = 0  # cells past the header's last column (dropped)

    def see(self, row: list[str]) -> None:
        self.rows += 1
        if len(row) > len(self.names) and any(c.strip() for c in row[len(self.names):]):
            self.wider += 1
        for i, value in enumerate(row[:len(self.names)]):
            value = value.strip()
            if not value or not self._num[i]:
                continue
            self._any[i] = True
            if _INT.fullmatch(value):
                continue
            self._int[i] = False
            if not _DECIMAL.fullmatch(value):
                self._num[i] = False

    def types(self) -> list[str]:
        return ["int8" if self._any[i] and self._int[i]
                else "numeric" if self._any[i] and self._num[i] else "text"
                for i in range(len(self.names))]


def infer(header: list[str], data: Iterable[list[str]]) -> Columns:
    columns = Columns(column_names(header))
    for row in data:
        columns.see(row)
    return columns
