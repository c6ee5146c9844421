"""The bundle's CSV writer (ckanext.tdpf.csvexport): text a spreadsheet
would run as a formula is neutralised, numbers stay numbers; the data-rate
export goes through it (an organisation title is text its editors typed)."""
from __future__ import annotations

import csv
import io
import pathlib
import re
from decimal import Decimal

import pytest

from ckan.tests import factories

from ckanext.tdpf import csvexport

from tests.factories import Dataset


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("typed", ["=1+1", "+81-3-1234", "-2+3+cmd|' /C calc'!A0",
                                   "@SUM(A1:A9)", "\t=1", "\r=1"])
def test_text_that_starts_a_formula_gets_an_apostrophe(typed):
    assert _read(csvexport.to_bytes(["h"], [[typed]]))[1] == ["'" + typed]


def test_numbers_and_plain_text_are_written_as_they_are():
    data = csvexport.to_bytes(["a", "b", "c", "d", "e", "f", "g"],
                              [[-1000, 2.5, Decimal("-3.10"), "東京都", "-", "", None]])
    assert data.decode("utf-8-sig").splitlines()[1] == "-1000,2.5,-3.10,東京都,-,,"
    assert b"\r\n" in data
    # text is text even when it looks like a number: callers pass numbers
    assert _read(csvexport.to_bytes(["h"], [["-1000"]]))[1] == ["'-1000"]


def test_the_download_name_cannot_break_its_header(app):
    with app.flask_app.test_request_context():
        response = csvexport.response('a"\r\nb.csv', ["h"], [])
    assert response.headers["Content-Disposition"] == 'attachment; filename="a___b.csv"'
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_data_rate_export_neutralises_an_organisation_title(app):
    org = factories.Organization(name="formula-org", title="=HYPERLINK(\"http://evil.example\")")
    Dataset(owner_org=org["id"])
    token = factories.APIToken(user=factories.Sysadmin()["name"])["token"]
    rows = _read(app.get("/data-rate.csv", headers={"Authorization": token}).data)
    [row] = [r for r in rows if r[1] == "formula-org"]
    assert row[2] == "'=HYPERLINK(\"http://evil.example\")"
    assert row[3] == "1"


def test_every_csv_of_the_bundle_goes_through_the_one_writer():
    """No second writer grows back: csv.writer / DictWriter only in csvexport
    (which also holds the plain writer of the DataStore loader's COPY input)."""
    root = pathlib.Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    found = [str(path.relative_to(root))
             for package in ("ckanext-tdpf", "ckanext-tdpf_trust", "ckanext-tdpf_market",
                             "ckanext-tdpf_community", "harvesters")
             for path in (root / package).rglob("*.py")
             if writers.search(path.read_text())]
    assert found == ["ckanext-tdpf/ckanext/tdpf/csvexport.py"]
