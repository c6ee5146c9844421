"""Solr date math: ``NOW``, ``NOW-1DAY``, ``NOW/DAY``, ``2024-01-01T00:00:00Z+1MONTH``."""
from __future__ import annotations

import datetime
import re
from typing import Any

from dateutil.relativedelta import relativedelta

from .. import clock

_UNITS = {
    "YEAR": "years", "YEARS": "years", "MONTH": "months", "MONTHS": "months",
    "DAY": "days", "DAYS": "days", "DATE": "days", "HOUR": "hours",
    "HOURS": "hours", "MINUTE": "minutes", "MINUTES": "minutes",
    "SECOND": "seconds", "SECONDS": "seconds", "MILLI": "microseconds",
    "MILLIS": "microseconds", "MILLISECOND": "microseconds",
    "MILLISECONDS": "microseconds", "WEEK": "weeks", "WEEKS": "weeks",
}
_OP = re.compile(r"([+-])(\d+)([A-Z]+)|/([A-Z]+)")
_ANCHOR = re.compile(
    r"^(NOW|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?)")


class DateMathError(ValueError):
    pass


def _truncate(ts: datetime.datetime, unit: str) -> datetime.datetime:
    fields = ["year", "month", "day", "hour", "minute", "second", "microsecond"]
    keep = {"years": 1, "months": 2, "days": 3, "weeks": 3, "hours": 4,
            "minutes": 5, "seconds": 6, "microseconds": 7}[unit]
    reset: dict[str, Any] = {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0,
             "microsecond": 0}
    return ts.replace(**{f: reset[f] for f in fields[keep:]})


def parse(expr: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """Evaluate a Solr date (math) expression to an aware UTC datetime."""
    text = expr.strip().upper()
    m = _ANCHOR.match(text)
    if not m:
        raise DateMathError(f"'{expr}' is not a date: use ISO 8601 "
                            "(2024-01-31T00:00:00Z) or NOW with date math")
    anchor = m.group(1)
    if anchor == "NOW":
        ts = now or clock.now()
    else:
        ts = datetime.datetime.fromisoformat(anchor.rstrip("Z"))
        ts = ts.replace(tzinfo=datetime.UTC)
    rest = text[m.end():]
    pos = 0
    while pos < len(rest):
        op = _OP.match(rest, pos)
        if not op:
            raise DateMathError(f"cannot understand '{rest[pos:]}' in date "
                                f"'{expr}' (expected e.g. -1DAY or /DAY)")
        sign, amount, unit, round_unit = op.groups()
        name = _UNITS.get(unit or round_unit)
        if name is None:
            raise DateMathError(f"unknown date unit '{unit or round_unit}' in '{expr}'")
        if round_unit:
            ts = _truncate(ts, name)
        else:
            n = int(amount) * (1000 if name == "microseconds" else 1)
            delta: dict[str, Any] = {name: n if sign == "+" else -n}
            ts = ts + relativedelta(**delta)
        pos = op.end()
    return ts
