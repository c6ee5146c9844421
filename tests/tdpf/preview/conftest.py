"""A market (tests.tdpf_market.conftest.make_market) built once per
module, with tables loaded into the DataStore by the preview loader."""
from __future__ import annotations

import pathlib

import pytest

from ckan.common import config

from ckanext.tdpf.files.analysers import Copy
from ckanext.tdpf.preview import load

from tests.conftest import plugins_loaded, reset_tdpf_db

REAL = pathlib.Path(__file__).resolve().parents[4] / "shared" / "realdata" / "municipal-data"
YAIZU = REAL / "yaizu-city"
CP932 = YAIZU / "ファミリー農園" / "222127_nouen.csv"  # cp932, 緯度/経度
BOM = YAIZU / "図書館" / "222127_library.csv"  # UTF-8 with BOM


def load_file(resource: dict, path, fmt: str = "csv", *, gated: bool = False,
              encoding: str | None = None) -> dict:
    """What the file pipeline does with its copy (the analyser's call)."""
    return load(Copy(path=str(path), format=fmt, sha256="0" * 64,
                     size=pathlib.Path(path).stat().st_size, resource=resource,
                     encoding=encoding, gated=gated))


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        from tests.tdpf_market.conftest import make_market
        yield make_market()
