"""The one clock (ckanext.tdpf.clock): aware times in code, naive UTC in
the columns, dates in the display time zone; and no other clock in the
bundle's code. Time is frozen with freezegun."""
from __future__ import annotations

import datetime
import pathlib
import re

import pytest
from freezegun import freeze_time

from ckanext.tdpf import clock

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ["ckanext-tdpf", "ckanext-tdpf_trust", "ckanext-tdpf_market", "ckanext-tdpf_community",
            "harvesters"]
# what reads the date and time other than the clock (epoch seconds, time.time(),
# for lockouts and pending logins are no calendar time)
OTHER_CLOCKS = re.compile(r"\.utcnow\(\)|datetime\.now\(|date\.today\(\)")

# 23:30 UTC on 31 March is already 1 April in Japan
LATE = "2026-03-31 23:30:00"


@freeze_time(LATE)
def test_now_is_aware_utc_and_columns_get_naive_utc():
    now = clock.now()
    assert now.tzinfo is not None and now.utcoffset() == datetime.timedelta(0)
    assert clock.db_now() == datetime.datetime(2026, 3, 31, 23, 30)  # as the columns hold it
    assert clock.db_now().tzinfo is None
    assert clock.from_db(clock.db_now()) == now  # and back, comparable with aware times
    jst = now.astimezone(clock.JST)
    assert clock.to_db(jst) == clock.db_now()  # any zone stores as UTC


@freeze_time(LATE)
@pytest.mark.ckan_config("ckan.display_timezone", "Asia/Tokyo")
def test_dates_are_the_display_time_zone_s():
    assert clock.today() == datetime.date(2026, 4, 1)
    assert clock.today(clock.JST) == datetime.date(2026, 4, 1)
    assert clock.today(clock.UTC) == datetime.date(2026, 3, 31)
    stored = datetime.datetime(2026, 3, 31, 23, 30)  # naive UTC from a column
    assert clock.local(stored).isoformat() == "2026-04-01T08:30:00+09:00"


def test_the_bundle_reads_the_time_only_through_the_clock():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for package in PACKAGES for path in (ROOT / package).rglob("*.py")
        if path.name != "clock.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if OTHER_CLOCKS.search(line)
    ]
    assert offenders == [], "use ckanext.tdpf.clock:\n" + "\n".join(offenders)
