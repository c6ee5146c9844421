"""Usage conditions are stored once (dataset fields) and shown from there:
package_show's CADDE keys, search facets and filters, the dataset page's
plain-Japanese summary, the ODRL offer. Contradictions are refused."""
from __future__ import annotations

import json

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.tdpf_market.conftest import attest


def test_conditions_everywhere_from_one_place(app, market):
    paid = call_action("package_show", {"user": ""}, id="flow-premium")
    # CADDE keys derived from the market fields when saved
    assert paid["fee"] == "有償" and paid["pricing_price_range"] == "月額 5,000円"
    assert call_action("package_show", {"user": ""}, id="people-flow")["fee"] == "無償"

    def names(**params):
        found = call_action("package_search", {"user": ""}, **params)
        return sorted(d["name"] for d in found["results"]), found["search_facets"]

    assert names(fq="access_level:conditional")[0] == ["people-flow"]  # not the private one
    assert names(fq="fee:有償")[0] == ["flow-premium"]
    assert names(fq="fee:無償")[0] == ["people-flow", "stations"]
    assert names(fq="trading_policy_use_application:研究")[0] == ["people-flow"]
    assert names(fq="eligible_member_types:municipality")[0] == ["people-flow"]
    _names, facets = names(**{"facet.field": json.dumps(
        ["access_level", "fee", "trading_policy_use_application", "eligible_member_types"])})
    levels = {i["name"]: (i["count"], i["display_name"]) for i in facets["access_level"]["items"]}
    assert levels == {"open": (1, "オープン（誰でも利用可）"),
                      "conditional": (1, "条件付き（申請・承認が必要）"),
                      "paid": (1, "有償（申請・承認と対価が必要）")}
    members = {i["name"]: i["display_name"] for i in facets["eligible_member_types"]["items"]}
    assert members == {"municipality": "自治体", "corporation": "法人"}
    # the search page offers the facets
    page = app.get("/dataset/").get_data(as_text=True)
    for title in ("提供区分", "対価", "利用用途", "利用できる会員種別"):
        assert title in page

    # the dataset page explains the conditions in plain Japanese
    page = app.get("/dataset/people-flow").get_data(as_text=True)
    for words in ("利用条件", "申請", "自治体、法人", "研究、公共", "秘密保持契約",
                  "利用開始から6か月", "加工したデータの再配布は不可", "提供者が申請を審査します"):
        assert words in page, words
    assert "月額 5,000円" in app.get("/dataset/flow-premium").get_data(as_text=True)

    # the ODRL offer reads the same fields
    offer = app.get(f"/dataset/{paid['id']}/policy.jsonld").get_data(as_text=True)
    assert "compensate" in offer and '"5000"' in offer and "Per month" in offer
    offer = app.get("/dataset/people-flow/policy.jsonld").get_data(as_text=True)
    assert "研究" in offer and "法人" in offer and "concludeNDA" in offer
    # and DCAT carries it on the distributions
    dcat = app.get(f"/dataset/{paid['id']}.ttl").get_data(as_text=True)
    assert "odrl:hasPolicy" in dcat and "odrl:payAmount" in dcat
    assert "odrl:rightOperand 5000.0" in dcat and "Japanese_yen" in dcat

    # changing the conditions changes every view at once
    call_action("package_patch", {"user": market["provider"]["name"]}, id="people-flow",
                access_level="open", approval_mode="", **attest())
    assert names(fq="access_level:conditional")[0] == []
    shown = call_action("package_show", {"user": ""}, id="people-flow")
    assert "secret" in shown["resources"][0]["url"]


CONTRADICTIONS = [
    ({"access_level": "paid", "fee_unit": "month"}, "fee_amount", "1円以上"),
    ({"access_level": "paid", "fee_amount": 100}, "fee_unit", "料金の単位"),
    ({"access_level": "open", "fee_amount": 100}, "fee_amount", "有償"),
    ({"access_level": "conditional", "trading_policy_use_application": ["制限なし", "研究"]},
     "trading_policy_use_application", "制限なし"),
    ({"access_level": "open", "approval_mode": "auto"}, "approval_mode", "自動承認"),
    ({"access_level": "paid", "fee_amount": "五千", "fee_unit": "month"}, "fee_amount", "5000"),
]


def test_contradictory_conditions_are_refused_in_japanese(app, market):
    token = factories.APIToken(user=market["provider"]["id"])["token"]
    for fields, key, words in CONTRADICTIONS:
        answer = app.post("/api/3/action/package_patch", json={
            "id": "people-flow", **fields, **attest()}, headers={"Authorization": token})
        assert answer.status_code == 409, fields
        assert words in " ".join(answer.json["error"][key]), (fields, answer.json["error"])
    # nothing was stored
    shown = call_action("package_show", {"user": ""}, id="people-flow")
    assert shown["access_level"] == "conditional" and not shown.get("fee_amount")


def test_a_resource_may_differ_from_its_dataset(app, market):
    """A free sample of conditional data, and one gated file in open data."""
    provider = {"user": market["provider"]["name"]}
    sample = call_action("resource_create", dict(provider), package_id="people-flow",
                         url="https://data.mobility.example.jp/sample.csv", name="サンプル",
                         access_level="open", **attest())
    gated = call_action("resource_create", dict(provider), package_id="stations",
                        url="https://data.mobility.example.jp/secret/detail.csv", name="詳細版",
                        access_level="conditional", **attest())
    urls = {r["id"]: r["url"] for name in ("people-flow", "stations")
            for r in call_action("package_show", {"user": ""}, id=name)["resources"]}
    assert urls[sample["id"]] == "https://data.mobility.example.jp/sample.csv"
    assert urls[gated["id"]] == "http://test.ckan.net/dataset/stations/request-access"
    assert urls[market["open"]["resources"][0]["id"]].startswith("https://")
    found = call_action("package_search", {"user": ""}, q="name:stations",
                        fl="id,res_url,validated_data_dict")["results"][0]
    assert "secret" not in json.dumps(found)
    page = app.get("/dataset/stations").get_data(as_text=True)
    assert "一部のファイルは条件付きで提供されています" in page
    assert "会員としてログインしてください" in page
    request = call_action("tdpf_access_request_create", {"user": market["free_member"]["name"],
                          "ignore_auth": False}, dataset_id="stations", purpose="研究",
                          accepted_conditions=True)
    assert request["state"] == "pending"
