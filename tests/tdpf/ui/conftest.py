"""A small catalog with every schema field filled, shared by the read-only
web tests of a module."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.conftest import plugins_loaded, reset_tdpf_db
from tests.factories import run_queued_scans, warranted

CONDITIONS = {
    "fee": "有償",
    "fee_amount": 5000,
    "fee_unit": "month",
    "pricing_price_range": "月額 5,000円〜",
    "trading_policy_contract_type": "利用許諾",
    "trading_policy_nda": "求める",
    "trading_policy_use_application": ["研究", "公共"],
    "scope_of_disclosure": "自社",
    "terms_of_use_permissible_region": "日本",
    "privacy_policy_contains_personal_data": "匿名加工情報",
    "warranty_express_warranty": "本人同意が得られている",
    "warranty_legal_compliance": "日本",
    "usage_license_period": '{"expirationPeriodType": "period", "period": '
                            '{"referenceDate": "purchasedDay", "value": 1, "unit": "year"}}',
}


def _res(name: str, fmt: str = "CSV", **extra) -> dict:
    return {"url": f"https://www.city.example.lg.jp/{name}.{fmt.lower()}",
            "name": name, "format": fmt, **extra}


def _create(ctx: dict, **fields) -> dict:
    """A dataset as its provider publishes it (with the warranty the trust
    plugin's publication gate asks for)."""
    return call_action("package_create", dict(ctx), **warranted(**fields))


def make_catalog() -> dict[str, dict]:
    sysadmin = factories.Sysadmin()
    ctx = {"user": sysadmin["name"]}
    chiyoda = factories.Organization(name="chiyoda", title="千代田区",
                                     provider_type="municipality", municipality_code="131016")
    tokyo = factories.Organization(name="tokyo", title="東京都", provider_type="tokyo",
                                   municipality_code="130001")
    company = factories.Organization(name="mobility-co", title="東京モビリティ株式会社",
                                     provider_type="company")
    d = {}
    d["shelters"] = _create(ctx,
        name="chiyoda-shelters", title="千代田区 避難所一覧", owner_org=chiyoda["id"],
        notes="千代田区が指定する避難所の名称・所在地・収容人数。", license_id="pdl-1.0",
        tag_string="防災,避難所", provider_type="municipality",
        municipality_codes="131016", theme=["justice_environment"], focus_area=["disaster"],
        standard_dataset="shelter", frequency="ANNUAL", language=["JPN"],
        temporal_start="2024-04-01", temporal_end="2025-03-31",
        maintainer="千代田区 防災課", maintainer_email="bousai@city.example.lg.jp",
        url="https://www.city.example.lg.jp/bousai/", access_rights="PUBLIC",
        source_catalog_name="千代田区オープンデータカタログ",
        source_catalog_url="https://opendata.city.example.lg.jp/",
        source_page_url="https://opendata.city.example.lg.jp/dataset/shelters",
        source_original_id="c131016-shelters",
        resources=[_res("shelters", "CSV", mimetype="text/csv", size=20480,
                        character_encoding="UTF-8", conforms_to="shelter",
                        issued="2024-04-01", modified="2024-10-01")])
    d["toilets"] = _create(ctx,
        name="shinjuku-toilets", title="公衆トイレ一覧（新宿区・中央区）", owner_org=tokyo["id"],
        notes="公衆トイレの所在地とバリアフリー設備。", license_id="cc-by-4.0",
        tag_string="まちづくり", provider_type="tokyo",
        municipality_codes=["131041", "131024"], theme=["housing"], focus_area=["urban"],
        standard_dataset="toilet", resources=[_res("toilets", "XLSX")])
    d["traffic"] = _create(ctx,
        name="traffic-flow", title="都心部の人流データ（有償）", owner_org=company["id"],
        notes="携帯端末の位置情報から推計した人流。利用条件あり。", license_id="conditional",
        provider_type="company", municipality_codes=["131016"], theme=["transport_tourism"],
        focus_area=["urban"], access_rights="RESTRICTED", **CONDITIONS,
        resources=[_res("traffic-sample", "CSV")])
    run_queued_scans()  # the public datasets' URLs are shown once scanned
    return d


@pytest.fixture(scope="module")
def ui_catalog(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded("tdpf"):
        return make_catalog()
