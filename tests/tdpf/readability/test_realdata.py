"""The whole check over every real municipal file (skipped without the
shared real-data folder): a report for each, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ckanext.tdpf.readability import check_file
from ckanext.tdpf.readability.report import FORMATS, files, main

REALDATA = Path(__file__).resolve().parents[4] / "shared" / "realdata"
FOLDERS = [REALDATA / "municipal-data", REALDATA / "excel-pdf"]

pytestmark = pytest.mark.skipif(not FOLDERS[0].is_dir(), reason="shared real data not present")


def test_every_real_file_gets_a_report():
    found = files(str(f) for f in FOLDERS if f.is_dir())
    assert len(found) >= 40
    for path in found:
        report = check_file(str(path), FORMATS[path.suffix.lower()])
        assert report.error is None, (path, report.error)
        assert report.tables >= 1, path
        for level, value in report.levels.items():
            assert value is not None and 0 <= value <= 100, (path, level)
        assert set(report.failed) <= set(report.applicable)


def test_known_defects_of_real_files():
    muni = REALDATA / "municipal-data"
    # Ishikawa's AED list is Shift_JIS text stored as UTF-8 through Latin-1
    aed = check_file(str(next(muni.rglob("170003_aed.csv"))), "csv")
    assert "L1-ENC" in aed.failed
    # a genuine cp932 file with a line break inside a quoted value
    care = check_file(str(next(muni.rglob("yohairyosya.csv"))), "csv")
    assert care.encoding == "cp932" and "L1-14" in care.failed
    # the old binary Excel format, with merged title cells
    xls = check_file(str(next((REALDATA / "excel-pdf").rglob("R4jinnkousuii.xls"))), "xls")
    assert {"L1-01", "L1-12"} <= set(xls.failed) and xls.levels["L1"] == 0
    # Sabae's workbook: two tables side by side, merged title cells
    xlsx = check_file(str(next((REALDATA / "excel-pdf").rglob("*.xlsx"))), "xlsx")
    assert {"L1-02", "L1-12"} <= set(xlsx.failed) and xlsx.sheets > 1


def test_report_command_prints_the_table(capsys):
    assert main([str(REALDATA / "municipal-data" / "koto-ward-via-my-koto")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| file | L1 | L2 | L3 | failed |")
    assert "koto-aed.csv" in out
