from __future__ import annotations

import datetime

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import factories as tdpf_factories
from tests.conftest import plugins_loaded, reset_tdpf_db

DAY = datetime.timedelta(days=1)


def search_names(**params) -> list[str]:
    return [d["name"] for d in call_action("package_search", **params)["results"]]


def _dataset(org, name, title, notes="", tags=(), resources=None, **extra):
    return tdpf_factories.Dataset(
        owner_org=org["id"], name=name, title=title, notes=notes,
        tags=[{"name": t} for t in tags],
        resources=resources if resources is not None else [
            {"url": f"https://example.lg.jp/{name}.csv", "format": "CSV"}],
        **extra)


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """A small Japanese catalog shared by the read-only tests of a module."""
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded("tdpf"):
        return _make_catalog()


def _make_catalog():
    tokyo = factories.Organization(name="tokyo", title="東京都")
    chiyoda = factories.Organization(name="chiyoda", title="千代田区")
    mlit = factories.Organization(name="mlit", title="国土交通省")
    d = {}
    d["shelter-designated"] = _dataset(
        chiyoda, "shelter-designated", "千代田区 指定緊急避難所一覧",
        "東京都千代田区の指定緊急避難所の一覧です。", ["防災", "避難所"],
        version="2.0", license_id="cc-by")
    d["shelter-list"] = _dataset(
        tokyo, "shelter-list", "避難所一覧", "東京都が指定する避難所。", ["防災"],
        license_id="cc-by")
    d["toilets"] = _dataset(
        tokyo, "toilets", "公衆トイレ一覧", "東京都内の公衆トイレの所在地。",
        ["まちづくり"], resources=[
            {"url": "https://example.lg.jp/toilets.xlsx", "format": "XLSX"},
            {"url": "https://example.lg.jp/toilets.csv", "format": "CSV"}],
        license_id="cc-zero")
    d["kyoto"] = _dataset(
        mlit, "kyoto-tourism", "京都府 観光施設一覧", "京都府内の観光施設。",
        ["観光"], license_id="cc-by")
    d["tokyo-pop"] = _dataset(
        tokyo, "tokyo-population", "東京都 人口統計", "東京都の町丁別人口。",
        ["人口"], resources=[{"url": "https://example.lg.jp/p.pdf", "format": "PDF"}],
        license_id="gsl-2.0")
    d["aed"] = _dataset(
        chiyoda, "aed", "ＡＥＤ設置箇所一覧", "千代田区のAED（自動体外式除細動器）。",
        ["医療", "AED"], license_id="cc-by")
    d["unknown-word"] = _dataset(
        tokyo, "tdpfzqx", "ゼクシオンラボ報告書", "未知語の試験。", ["試験"],
        license_id="cc-by")
    return d
