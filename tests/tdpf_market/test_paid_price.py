"""Paid data carries a price the ledger can charge (fee_amount), not only
the CADDE price text: validation asks for it in Japanese, the demo's paid
dataset has one, and the page never says 「料金はです。」."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories

from ckanext.tdpf import demo

PAID_DEMO = "tokyo-mobility-lab-station-footfall"


def _token(user: dict) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def _create(app, user, **fields):
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return app.post("/api/3/action/package_create", headers=_token(user), json={
        "name": "paid-without-price", "title": "価格のない有償データ", "owner_org": org["id"],
        "license_id": "conditional", "private": True,
        "privacy_policy_contains_personal_data": "非個人情報", **fields})


@pytest.mark.usefixtures("clean_db")
def test_paid_data_without_a_number_for_its_price_is_refused(app):
    user = factories.User()
    # 有償 alone makes paid data: a CADDE price text is not a price
    refused = _create(app, user, fee="有償", pricing_price_range="月額 5万円〜")
    assert refused.status_code == 409
    errors = refused.json["error"]
    assert errors["fee_amount"] == ["有償のデータには1円以上の料金を入力してください。"]
    assert "fee_unit" in errors
    assert model.Package.get("paid-without-price") is None
    saved = _create(app, user, fee="有償", pricing_price_range="月額 5万円〜",
                    fee_amount=50000, fee_unit="month")
    assert saved.status_code == 200 and saved.json["result"]["fee_amount"] == 50000


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_demo_paid_dataset_shows_its_price(app, monkeypatch):
    full = demo.catalog()
    [paid] = [d for d in full["datasets"] if d["name"] == PAID_DEMO]
    monkeypatch.setattr(demo, "catalog", lambda: {
        "organizations": [o for o in full["organizations"] if o["name"] == paid["owner_org"]],
        "datasets": [paid]})
    assert demo.load(factories.Sysadmin()["name"], echo=lambda _line: None)["datasets_created"] == 1
    page = app.get(f"/dataset/{PAID_DEMO}").get_data(as_text=True)
    assert "料金は月額 50,000円です" in page
    assert "料金はです" not in page


@pytest.mark.usefixtures("with_request_context")
def test_a_stored_paid_dataset_without_its_number_never_shows_an_empty_price():
    from ckanext.tdpf_market.conditions.helpers import tdpf_market_conditions_summary as summary

    # stored before the price was required: the CADDE text, or nothing
    assert summary({"fee": "有償", "pricing_price_range": "月額 5万円〜"})[0] == \
        "このデータは有償です。利用申請が必要で、料金は月額 5万円〜です。"
    assert summary({"fee": "有償"})[0] == \
        "このデータは有償です。利用申請が必要です。料金は提供者にお問い合わせください。"
