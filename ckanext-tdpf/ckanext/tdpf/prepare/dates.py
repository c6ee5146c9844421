"""Date spellings of Japanese files to ISO 8601: 和暦 (令和4年4月1日,
R4.4.1, 平成元年), 西暦 with 年月日, slashes or dots, full-width digits,
year-month and year-only values; "現在" and a weekday in brackets are
allowed around the date."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["ERAS", "find_date", "to_iso"]

ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019,
        "M": 1868, "T": 1912, "S": 1926, "H": 1989, "R": 2019}
_ERA = r"(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\s*(?P<ey>元|\d{1,2})"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_SEP_MD = (r"(?:\s*(?:年|[./\-])\s*(?P<month>\d{1,2})"
           r"(?:\s*(?:月|[./\-])\s*(?P<day>\d{1,2})\s*日?)?\s*月?)?")
_WEEKDAY = r"(?:\s*[（(][月火水木金土日][）)])?"
_START = rf"(?:{_ERA}|{_YEAR})(?:\s*年(?!\s*\d))?"  # 年 alone: "令和元年", "2022年"
_DATE = re.compile(rf"{_START}{_SEP_MD}{_WEEKDAY}")
_WHOLE = re.compile(rf"^\s*{_START}{_SEP_MD}{_WEEKDAY}\s*(?:現在|時点)?\s*$")


def _iso(m: re.Match[str]) -> str | None:
    if m.group("era"):
        ey = m.group("ey")
        year = ERAS[m.group("era")] + (1 if ey == "元" else int(ey)) - 1
    else:
        year = int(m.group("year"))
    month, day = m.group("month"), m.group("day")
    if m.group("era") and len(m.group("era")) == 1 and not month:
        return None  # "H28" alone is no date (a code, a grade)
    if month is None:
        return f"{year:04d}" if "年" in m.group(0) or m.group("era") else None
    try:
        if day is None:
            dt.date(year, int(month), 1)
            return f"{year:04d}-{int(month):02d}"
        return dt.date(year, int(month), int(day)).isoformat()
    except ValueError:
        return None


def to_iso(value: str) -> str | None:
    """The ISO 8601 spelling of a cell that is a date and nothing else
    ("2022-04-01", "2022-04", "2022"), None for anything else (already
    ISO, a number, text with a date inside)."""
    v = unicodedata.normalize("NFKC", value).strip()
    if not v or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v) or v.isdigit():
        return None
    m = _WHOLE.match(v)
    return _iso(m) if m else None


def find_date(value: str) -> str | None:
    """The first full date (year, month and day) written inside a text
    ("（平成３０年６月２８日現在）" → "2018-06-28"), or None."""
    v = unicodedata.normalize("NFKC", value)
    for m in _DATE.finditer(v):
        if m.group("day"):
            found = _iso(m)
            if found:
                return found
    return None
