"""The market's pages without a browser: the request form and its
Japanese errors, the member's and the provider's request pages, decisions
by form, and who is turned away."""
from __future__ import annotations

from ckan import model
from ckan.tests import factories

from ckanext.tdpf_market.grants.model import AccessRequest


def _as(market, role) -> dict:
    return {"Authorization": factories.APIToken(user=market[role]["id"])["token"]}


def test_request_and_decide_on_the_pages(app, market):
    anonymous = app.get("/dataset/people-flow/request-access").get_data(as_text=True)
    assert "会員としてログインしてください" in anonymous and "tdpf-request-form" not in anonymous
    outsider = app.get("/dataset/people-flow/request-access",
                       headers=_as(market, "nonmember")).get_data(as_text=True)
    assert "会員だけです" in outsider and "tdpf-request-form" not in outsider
    assert app.get("/dataset/flow-private/request-access",
                   headers=_as(market, "free_member")).status_code == 404
    assert app.get("/market/requests", follow_redirects=False).status_code == 302

    member = _as(market, "free_member")
    form = app.get("/dataset/people-flow/request-access", headers=member).get_data(as_text=True)
    assert "tdpf-request-form" in form and "利用目的" in form
    refused = app.post("/dataset/people-flow/request-access", headers=member,
                       data={"purpose": "商用", "message": "広告に使いたい"})
    page = refused.get_data(as_text=True)
    assert "提供者が認めている利用目的は次のとおりです：研究、公共" in page
    assert "利用条件を読み、同意してから申請してください" in page
    assert model.Session.query(AccessRequest).count() == 0

    sent = app.post("/dataset/people-flow/request-access", headers=member, follow_redirects=False,
                    data={"purpose": "研究", "message": "交通計画", "accepted_conditions": "true"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/market/requests")
    mine = app.get("/market/requests", headers=member).get_data(as_text=True)
    assert "人流データ（条件付き）" in mine and "承認待ち" in mine
    assert "申請は提供者の審査待ちです" in app.get("/dataset/people-flow",
                                                 headers=member).get_data(as_text=True)

    request = model.Session.query(AccessRequest).one()
    # the dashboard leads to both pages (the second only for providers)
    dashboard = app.get("/dashboard/datasets", headers=member).get_data(as_text=True)
    assert "/market/requests" in dashboard and "/market/provider" not in dashboard
    provider = _as(market, "provider_editor")
    assert "/market/provider" in app.get("/dashboard/datasets", headers=provider).get_data(
        as_text=True)
    listed = app.get("/market/provider", headers=provider).get_data(as_text=True)
    assert "free-corp" in listed and "交通計画" in listed and "新しい利用申請" in listed
    assert app.get("/market/provider", headers=_as(market, "other_editor")).get_data(
        as_text=True).count("data-request=") == 0
    assert app.post(f"/market/requests/{request.id}/decide", headers=_as(market, "other_editor"),
                    data={"decision": "approve"}).status_code == 403
    no_reason = app.post(f"/market/requests/{request.id}/decide", headers=provider,
                         data={"decision": "reject"})
    assert "却下の理由を入力してください" in no_reason.get_data(as_text=True)
    app.post(f"/market/requests/{request.id}/decide", headers=provider,
             data={"decision": "approve"})
    model.Session.expire_all()
    assert model.Session.get(AccessRequest, request.id).state == "approved"
    assert "利用が承認されています" in app.get("/dataset/people-flow",
                                                headers=member).get_data(as_text=True)
    notes = app.get("/market/requests", headers=member).get_data(as_text=True)
    assert "利用申請が承認されました" in notes


def test_provider_sets_conditions_in_the_dataset_form(app, market):
    provider = _as(market, "provider_editor")
    form = app.get("/dataset/new", headers=provider).get_data(as_text=True)
    for field in ("access_level", "fee_amount", "fee_unit", "trading_policy_use_application",
                  "eligible_member_types", "trading_policy_nda", "approval_mode"):
        assert f'field-{field}' in form, field
    data = {"title": "駐輪場の利用データ", "name": "bicycle-parking", "notes": "有償データ",
            "owner_org": market["org"]["id"], "license_id": "cc-by-4.0", "private": "True",
            "privacy_policy_contains_personal_data": "非個人情報",
            "access_level": "paid", "fee_unit": "year",
            "trading_policy_use_application": ["研究", "商用"], "trading_policy_nda": "求める",
            "eligible_member_types": ["corporation"], "approval_mode": "manual",
            "save": "continue", "_ckan_phase": "1"}
    refused = app.post("/dataset/new", headers=provider, data=data)
    assert "有償のデータには1円以上の料金を入力してください" in refused.get_data(as_text=True)
    saved = app.post("/dataset/new", headers=provider, data={**data, "fee_amount": "12000"},
                     follow_redirects=False)
    assert saved.status_code == 302 and "/resource/new" in saved.headers["Location"]
    from ckan.tests.helpers import call_action
    pkg = call_action("package_show", {"user": market["provider"]["name"]}, id="bicycle-parking")
    assert (pkg["access_level"], pkg["fee_amount"], pkg["fee_unit"], pkg["fee"]) == \
        ("paid", 12000, "year", "有償")
    assert pkg["pricing_price_range"] == "年額 12,000円"
    assert pkg["trading_policy_use_application"] == ["研究", "商用"]
    assert pkg["eligible_member_types"] == ["corporation"]
