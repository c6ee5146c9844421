"""The TDPF dataset schema through the Action API: every field is stored and
returned; bad values get specific errors and nothing is saved."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
from ckan.tests.helpers import call_action

from tests.factories import warranted

FULL = {
    "title": "指定緊急避難場所一覧",
    "name": "chiyoda-evacuation-sites",
    "notes": "千代田区の指定緊急避難場所",
    "tag_string": "防災,避難所",
    "license_id": "pdl-1.0",
    "url": "https://www.city.chiyoda.lg.jp/opendata/",
    "version": "2.1",
    "maintainer": "千代田区 防災課",
    "maintainer_email": "bousai@city.chiyoda.lg.jp",
    "provider_type": "municipality",
    "municipality_codes": "131016, １３１０２４",
    "theme": ["land_weather", "justice_environment"],
    "focus_area": ["disaster"],
    "standard_dataset": "evacuation_site",
    "spatial": '{"type": "Point", "coordinates": [139.75, 35.69]}',
    "temporal_start": "2024/4/1",
    "temporal_end": "2025-03-31",
    "frequency": "ANNUAL",
    "language": ["JPN"],
    "access_rights": "PUBLIC",
    "fee": "無償",
    "trading_policy_use_application": ["商用", "その他(地域活動)"],
    "usage_license_period": '{"expirationPeriodType": "period", "period": {"referenceDate": "purchasedDay", "value": 1, "unit": "year"}}',
    "resources": [{
        "url": "https://www.city.chiyoda.lg.jp/evac.csv", "name": "CSV",
        "format": "text/csv", "mimetype": "Text/CSV", "size": "1,234",
        "character_encoding": "Shift_JIS", "conforms_to": "evacuation_site",
        "issued": "2024-04-01", "modified": "2024-05-01", "language": "JPN",
    }],
}


@pytest.fixture
def org(clean_db):
    user = factories.Sysadmin()
    org = factories.Organization(provider_type="municipality", municipality_code="131016")
    return {**org, "_user": user["name"]}


def _create(org, **over):
    data = warranted(**{**FULL, "owner_org": org["id"], **over})
    return call_action("package_create", {"user": org["_user"]}, **data)


def test_every_field_round_trips(org):
    pkg = call_action("package_show", id=_create(org)["id"])
    assert pkg["municipality_codes"] == ["131016", "131024"]
    assert pkg["theme"] == ["land_weather", "justice_environment"]
    assert pkg["temporal_start"] == "2024-04-01"
    assert pkg["trading_policy_use_application"] == ["商用", "その他(地域活動)"]
    assert pkg["usage_license_period"]["period"]["unit"] == "year"
    res = pkg["resources"][0]
    assert (res["format"], res["mimetype"], res["size"]) == ("CSV", "text/csv", 1234)
    assert res["character_encoding"] == "Shift_JIS"
    # the web form sends an empty size field as ""
    added = call_action("resource_create", {"user": org["_user"]}, **warranted(
        package_id=pkg["id"], url="https://example.lg.jp/b.csv", format="CSV", size=""))
    assert added.get("size") is None
    # and an empty fee field as "" too
    patched = call_action("package_patch", {"user": org["_user"]},
                          **warranted(id=pkg["id"], fee_amount=""))
    assert patched.get("fee_amount") in (None, "")


def test_organisation_fields(clean_db):
    org = factories.Organization(provider_type="municipality", municipality_code="131016")
    shown = call_action("organization_show", id=org["id"])
    assert (shown["municipality_code"], shown["provider_type"]) == ("131016", "municipality")
    with pytest.raises(tk.ValidationError) as err:
        factories.Organization(municipality_code="131015")
    assert "131016" in str(err.value.error_dict["municipality_code"])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("municipality_codes", "131015", "131016"),
    ("municipality_codes", "13101", "6"),
    ("license_id", "my-own-licence", "my-own-licence"),
    ("license_id", "", "Choose a licence"),
    ("temporal_start", "2024-13-01", "2024-13-01"),
    ("temporal_end", "2020-01-01", "2024-04-01"),
    ("theme", ["weather"], "weather"),
    ("fee", "たぶん無料", "たぶん無料"),
    ("maintainer_email", "not-an-email", "not-an-email"),
    ("spatial", "{broken", "JSON"),
])
def test_bad_values_are_refused_with_a_specific_error(org, field, value, message):
    with pytest.raises(tk.ValidationError) as err:
        _create(org, **{field: value})
    text = str(err.value.error_dict[field])
    assert message in text
    assert call_action("package_search", q="*:*")["count"] == 0


def test_japanese_error_for_wrong_check_digit(org, app):
    with app.flask_app.test_request_context("/", headers={"Accept-Language": "ja"}), \
            pytest.raises(tk.ValidationError) as err:
        _create(org, municipality_codes="131015")
    assert "全国地方公共団体コード 131015 の検査数字が正しくありません（正: 131016）" in str(
        err.value.error_dict["municipality_codes"])


def test_plain_ckan_client_fields_still_work(org):
    pkg = call_action("package_create", {"user": org["_user"]}, **warranted(
        name="plain", title="Plain", owner_org=org["id"], license_id="cc-by", notes="x",
        extras=[{"key": "custom", "value": "1"}],
        resources=[{"url": "http://example.com/a.csv", "format": "csv "}]))
    shown = call_action("package_show", id="plain")
    assert shown["license_id"] == "cc-by-4.0"
    assert shown["resources"][0]["format"] == "CSV"
    assert pkg["title"] == "Plain"


def test_schema_show_lists_fields():
    schema = call_action("scheming_dataset_schema_show", type="dataset")
    names = {f["field_name"] for f in schema["dataset_fields"]}
    assert {"municipality_codes", "provider_type", "fee", "warranty_legal_compliance",
            "usage_license_period", "haspolicy_url", "source_catalog_name"} <= names


def test_search_document_uses_schema_lists_and_organisation_type(org):
    _create(org, name="with-codes", title="避難場所", provider_type="",
            notes="", municipality_codes="132292")
    found = call_action("package_search", q="西東京市",
                        **{"facet.field": '["municipality_codes", "provider_type", "theme"]'})
    assert [r["name"] for r in found["results"]] == ["with-codes"]
    facets = found["facets"]
    assert facets["municipality_codes"] == {"132292": 1}
    # No provider type of its own: the organisation's (区市町村) is indexed.
    assert facets["provider_type"] == {"municipality": 1}
    assert facets["theme"] == {"land_weather": 1, "justice_environment": 1}
    assert call_action("package_search", fq="theme:justice_environment")["count"] == 1
