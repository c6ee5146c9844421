"""Fixtures for the DCAT tests: an organisation and datasets that fill every
field of the TDPF schema (one open, one with usage conditions)."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.dcat.processors import RDFSerializer

from tests.factories import warranted

GEOJSON = {"type": "Polygon", "coordinates": [[[139.73, 35.67], [139.78, 35.67],
                                                [139.78, 35.70], [139.73, 35.70],
                                                [139.73, 35.67]]]}

OPEN_FIELDS = {
    "title": "指定緊急避難場所一覧",
    "notes": "千代田区・中央区の指定緊急避難場所の名称、住所、緯度経度。",
    "tag_string": "防災,避難所",
    "license_id": "pdl-1.0",
    "url": "https://www.city.chiyoda.lg.jp/opendata/hinanbasho.html",
    "version": "2024.04",
    "maintainer": "千代田区 防災課",
    "maintainer_email": "bousai@city.chiyoda.lg.jp",
    "provider_type": "municipality",
    "municipality_codes": ["131016", "131024"],
    "theme": ["justice_environment", "land_weather"],
    "focus_area": ["disaster"],
    "standard_dataset": "evacuation_site",
    "spatial": json.dumps(GEOJSON),
    "temporal_start": "2024-04-01",
    "temporal_end": "2025-03-31",
    "frequency": "ANNUAL",
    "language": ["JPN", "ENG"],
    "access_rights": "PUBLIC",
    "source_catalog_name": "千代田区オープンデータ",
    "source_catalog_url": "https://data.city.chiyoda.lg.jp/",
    "source_page_url": "https://data.city.chiyoda.lg.jp/dataset/hinanbasho",
    "source_original_id": "c131016-hinanbasho",
    "global_id": "data.city.chiyoda.lg.jp__dataset:c131016-hinanbasho",
    "fee": "無償",
    "trading_policy_contract_type": "利用許諾",
    "trading_policy_nda": "求めない",
    "trading_policy_use_application": ["制限なし"],
    "scope_of_disclosure": "制限なし",
    "terms_of_use_permissible_region": "制限なし",
    "terms_of_use_notices": "出典を明記してください。",
    "privacy_policy_contains_personal_data": "非個人情報",
    "warranty_express_warranty": "特になし",
    "warranty_legal_compliance": "日本",
    "resources": [
        {"url": "https://data.city.chiyoda.lg.jp/hinanbasho.csv", "name": "避難場所（CSV）",
         "description": "名称、住所、緯度、経度", "format": "csv", "mimetype": "text/csv",
         "size": 20480, "character_encoding": "UTF-8", "conforms_to": "evacuation_site",
         "issued": "2024-04-01", "modified": "2024-10-01", "language": ["JPN"]},
        {"url": "https://data.city.chiyoda.lg.jp/hinanbasho.geojson",
         "name": "避難場所（GeoJSON）", "format": "GeoJSON",
         "mimetype": "application/geo+json", "size": 51200, "language": ["JPN", "ENG"]},
        {"url": "https://api.city.chiyoda.lg.jp/v1/hinanbasho", "name": "避難場所 API",
         "format": "API"},
    ],
}

CONDITIONAL_FIELDS = {
    "title": "人流データ（有償）",
    "notes": "千代田区内の 250m メッシュ別の滞在人口（1時間単位）。",
    "tag_string": "人流,まちづくり",
    "license_id": "conditional",
    "maintainer": "株式会社サンプル人流",
    "maintainer_email": "sales@example.co.jp",
    "provider_type": "company",
    "municipality_codes": ["131016"],
    "theme": ["population"],
    "focus_area": ["urban"],
    "frequency": "MONTHLY",
    "language": ["JPN"],
    "access_rights": "RESTRICTED",
    "fee": "有償",
    "fee_amount": 50000,
    "fee_unit": "month",
    "pricing_price_range": "50,000円",
    "pricing_notices_of_price": "月額・税込",
    "sales_info_url": "https://example.co.jp/sales/jinryu",
    "trading_policy_contract_type": "利用許諾",
    "trading_policy_nda": "求める",
    "trading_policy_use_application": ["研究", "公共"],
    "scope_of_disclosure": "自社",
    "terms_of_use_permissible_region": "日本",
    "terms_of_use_notices": "再配布は禁止します。",
    "privacy_policy_contains_personal_data": "匿名加工情報",
    "warranty_express_warranty": "本人同意が得られている",
    "warranty_legal_compliance": "日本",
    "usage_license_period": {"expirationPeriodType": "period",
                             "period": {"referenceDate": "purchasedDay",
                                        "value": 1, "unit": "year"}},
    "haspolicy_url": "https://example.co.jp/policy/jinryu.jsonld",
    "resources": [
        {"url": "https://example.co.jp/data/jinryu-2024.zip", "name": "2024年度",
         "format": "ZIP", "size": 104857600},
    ],
}


@pytest.fixture
def sysadmin():
    return ckan_factories.Sysadmin()


@pytest.fixture
def org(sysadmin):
    return call_action(
        "organization_create", {"user": sysadmin["name"]}, name="chiyoda",
        title="千代田区", provider_type="municipality", municipality_code="131016",
        contact_name="千代田区 情報政策課", contact_email="opendata@city.chiyoda.lg.jp")


def make_dataset(sysadmin, org, fields, **extra):
    data = warranted(**fields, **{"name": extra.pop("name", None) or fields.get("name") or "ds",
                                  "owner_org": org["id"], **extra})
    return call_action("package_create", {"user": sysadmin["name"]}, **data)


@pytest.fixture
def open_dataset(clean_db, sysadmin, org):
    return make_dataset(sysadmin, org, OPEN_FIELDS, name="hinanbasho")


@pytest.fixture
def conditional_dataset(clean_db, sysadmin, org):
    return make_dataset(sysadmin, org, CONDITIONAL_FIELDS, name="jinryu")


def dataset_graph(pkg: dict) -> Graph:
    """The dataset's DCAT graph, as the /dataset/<id>.ttl endpoint builds it."""
    serializer = RDFSerializer(profiles=["tdpf"])
    serializer.graph_from_dataset(pkg)
    return serializer.g
