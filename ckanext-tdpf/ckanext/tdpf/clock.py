"""The one clock of the bundle: timezone-aware times in code, naive UTC in
the database.

Code asks :func:`now` (aware, UTC) and compares aware times. The tables
keep the naive UTC ``timestamp`` columns they have always had, so a value
crosses to and from them here only: :func:`db_now` / :func:`to_db` on the
way in, :func:`from_db` on the way out. Calendar dates ("today") belong to
a time zone, by default the site's display time zone (Japan for TDPF).

Everything reads ``datetime.datetime.now``, so freezegun / time-machine
move this clock in tests.
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

UTC = datetime.UTC
JST = ZoneInfo("Asia/Tokyo")


def now() -> datetime.datetime:
    """The current time, aware, in UTC."""
    return datetime.datetime.now(UTC)


def to_db(time: datetime.datetime) -> datetime.datetime:
    """``time`` as the naive UTC value a ``timestamp`` column stores (a
    naive ``time`` is taken to be UTC already)."""
    if time.tzinfo is None:
        return time
    return time.astimezone(UTC).replace(tzinfo=None)


def from_db(time: datetime.datetime | None) -> datetime.datetime | None:
    """A stored naive UTC value as an aware time (aware values pass)."""
    if time is None or time.tzinfo is not None:
        return time
    return time.replace(tzinfo=UTC)


def db_now() -> datetime.datetime:
    """:func:`now` as a naive UTC column value (column defaults, ``created``
    and ``modified`` stamps)."""
    return to_db(now())


def display_timezone() -> datetime.tzinfo:
    """The site's display time zone (``ckan.display_timezone``); Japan when
    CKAN is not set up (a bare script)."""
    from ckan.lib.helpers import get_display_timezone
    try:
        return get_display_timezone()
    except (AttributeError, KeyError, LookupError):  # no config loaded
        return JST


def local(time: datetime.datetime, tz: datetime.tzinfo | None = None) -> datetime.datetime:
    """``time`` (aware, or naive UTC from the database) in ``tz`` (default:
    the display time zone)."""
    aware = time if time.tzinfo is not None else time.replace(tzinfo=UTC)
    return aware.astimezone(tz or display_timezone())


def today(tz: datetime.tzinfo | None = None) -> datetime.date:
    """Today's date in ``tz`` (default: the display time zone)."""
    return local(now(), tz).date()
