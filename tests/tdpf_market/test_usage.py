"""Usage reports: the provider's dataset dashboard (charts, tables, CSV),
the member's history (page, API, CSV), the operators' totals; each refused
to everybody else."""
from __future__ import annotations

import datetime

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_market.access.model import AccessLog
from ckanext.tdpf_market.fees import ledger as fees
from ckanext.tdpf_market.grants.model import AccessRequest, Grant
from ckanext.tdpf_market.members.model import MemberProfile

from tests.factories import Dataset

NOW = fees.utcnow()


def _add(row):
    model.Session.add(row)
    model.Session.flush()
    return row


def _request(ds, user, state, purpose="研究"):
    return _add(AccessRequest(dataset_id=ds["id"], user_id=user["id"], purpose=purpose,
                              member_type="corporation", state=state))


def _grant(ds, user, purpose, member_type, fee=None, **extra):
    return _add(Grant(dataset_id=ds["id"], user_id=user["id"], purpose=purpose,
                      member_type=member_type,
                      conditions={"fee_amount": fee, "fee_unit": "download" if fee else None},
                      **extra))


def _download(grant, days_ago=0, size=1000):
    row = _add(AccessLog(grant_id=grant.id, user_id=grant.user_id, dataset_id=grant.dataset_id,
                         resource_id="r", bytes=size, purpose=grant.purpose,
                         member_type=grant.member_type,
                         time=NOW - datetime.timedelta(days=days_ago)))
    fees.on_download(grant, row)
    return row


@pytest.fixture
def usage(clean_db):
    provider, outsider_editor = factories.User(), factories.User()
    company, city, stranger = factories.User(), factories.User(), factories.User()
    org = factories.Organization(users=[{"name": provider["name"], "capacity": "editor"}])
    factories.Organization(users=[{"name": outsider_editor["name"], "capacity": "editor"}])
    # private: the trust plugin's publication gate is not what this is about
    ds = Dataset(owner_org=org["id"], name="jinryu", title="人流データ", private=True)
    other = Dataset(owner_org=org["id"], name="other-data", private=True)
    for user, kind in ((company, "corporation"), (city, "municipality")):
        _add(MemberProfile(user_id=user["id"], member_type=kind, tier="paid"))
    _request(ds, company, "approved")
    _request(ds, city, "approved", "公共")
    _request(ds, stranger, "rejected")
    _request(ds, stranger, "pending")
    g_company = _grant(ds, company, "研究", "corporation", fee=200)
    g_city = _grant(ds, city, "公共", "municipality")
    _grant(ds, stranger, "商用", "corporation", state="revoked")
    _grant(ds, stranger, "商用", "corporation", valid_until=NOW - datetime.timedelta(days=1))
    for days_ago in (0, 0, 1, 3):
        _download(g_company, days_ago)
    _download(g_city, 0, size=500)
    _download(_grant(other, city, "公共", "municipality"))   # another dataset
    model.Session.commit()
    return {"provider": provider, "outsider_editor": outsider_editor, "company": company,
            "city": city, "stranger": stranger, "ds": ds, "admin": factories.Sysadmin()}


def _get(app, url, user):
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}
    return app.get(url, headers=headers)


def assert_only(app, urls, refused, allowed):
    """Each URL answers 403 to every user in ``refused`` (None: anonymous)
    and 200 to ``allowed``."""
    for url in urls:
        for user in refused:
            assert _get(app, url, user).status_code == 403, (url, user and user["name"])
        assert _get(app, url, allowed).status_code == 200, url


def test_provider_dashboard_charts_tables_and_csv(app, usage):
    ds, provider = usage["ds"], usage["provider"]
    report = call_action("tdpf_usage_show", {"user": provider["name"]}, id=ds["name"], days=7)
    assert {r["key"]: r["count"] for r in report["requests_by_state"]} == {
        "pending": 1, "approved": 2, "rejected": 1, "expired": 0}
    # active: company + city; the revoked and the lapsed one are not
    assert report["active_grants"] == 2
    per_day = report["downloads_per_day"]
    assert len(per_day) == 7 and per_day[-1]["key"] == fees.local(NOW).date().isoformat()
    assert [d["count"] for d in per_day][-4:] == [1, 0, 1, 3]
    assert {r["key"]: r["count"] for r in report["downloads_by_member_type"]} == {
        "corporation": 4, "municipality": 1}
    assert report["downloads_by_purpose"][0] == {"key": "研究", "label": "研究", "count": 4}
    assert (report["downloads_total"], report["bytes_total"]) == (5, 4500)
    assert report["fees_total_yen"] == 800

    page = _get(app, f"/dataset/{ds['name']}/usage?days=7", provider)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "人流データ" in html and "利用状況" in html
    # the charts carry the same figures as the report
    today = per_day[-1]["key"]
    assert f'data-key="{today}" data-count="3"' in html
    assert 'data-key="corporation" data-count="4"' in html
    assert 'data-key="pending" data-count="1"' in html
    assert "法人" in html and "承認待ち" in html

    csv = _get(app, f"/dataset/{ds['name']}/usage.csv?days=7", provider)
    assert csv.get_data().startswith("\ufeff".encode())
    lines = csv.get_data().decode("utf-8-sig").splitlines()
    assert lines[0] == "区分,キー,名称,件数"   # the data rate CSV's words
    assert f"1日ごとのダウンロード数,{today},{per_day[-1]['label']},3" in lines
    assert "会員種別ごとのダウンロード数,municipality,自治体,1" in lines
    assert "合計,active_grants,有効な利用許可,2" in lines

    # nobody else: editors of another organisation, members, anonymous; operators may
    assert_only(app, [f"/dataset/{ds['name']}/usage", f"/dataset/{ds['name']}/usage.csv"],
                [usage["outsider_editor"], usage["company"], None], usage["admin"])
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_usage_show", {"user": usage["company"]["name"], "ignore_auth": False},
                    id=ds["id"])
    from ckan.tests.helpers import call_auth
    assert call_auth("tdpf_usage_show", {"user": provider["name"]}, id=ds["id"])
    with pytest.raises(tk.NotAuthorized):
        call_auth("tdpf_usage_show", {"user": usage["outsider_editor"]["name"]}, id=ds["id"])
    # the dataset page has a Usage tab for its provider
    assert f'href="/dataset/{ds["name"]}/usage"' in _get(
        app, f"/dataset/{ds['name']}", provider).get_data(as_text=True)
    assert _get(app, "/dataset/no-such-dataset/usage", provider).status_code == 404
    assert _get(app, f"/dataset/{ds['name']}/usage?days=0", provider).status_code == 400


def test_member_history_page_api_and_csv(app, usage):
    company = usage["company"]
    history = call_action("tdpf_usage_history", {"user": company["name"]})
    assert [r["state"] for r in history["requests"]] == ["approved"]
    assert len(history["grants"]) == 1 and len(history["downloads"]) == 4
    assert {f["amount_yen"] for f in history["fees"]} == {200}
    assert history["fees_total_yen"] == 800
    assert history["downloads"][0]["dataset"] == {"name": "jinryu", "title": "人流データ"}

    page = _get(app, f"/user/{company['name']}/market-history", company)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('<tr data-id="') == 1 + 1 + 4 + 4
    assert "人流データ" in html and "承認済み" in html
    assert f"/user/{company['name']}/fees.csv?month={fees.month_of(NOW)}" in html

    # the user's pages have the tabs, for themself only
    tab = f'href="/user/{company["name"]}/market-history"'
    assert tab in _get(app, f"/user/{company['name']}", company).get_data(as_text=True)
    assert tab not in _get(app, f"/user/{company['name']}", usage["city"]).get_data(as_text=True)

    lines = _get(app, f"/user/{company['name']}/market-history.csv",
                 company).get_data().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("種別,データセット,日時")
    assert len(lines) == 1 + 1 + 1 + 4 + 4
    assert sum(1 for line in lines if line.startswith("ダウンロード,jinryu")) == 4

    assert_only(app, [f"/user/{company['name']}/market-history",
                      f"/user/{company['name']}/market-history.csv"],
                [usage["city"], usage["provider"], None], usage["admin"])
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_usage_history", {"user": usage["city"]["name"], "ignore_auth": False},
                    user_id=company["id"])


def test_operator_totals(app, usage):
    totals = call_action("tdpf_usage_totals", {"user": usage["admin"]["name"]})
    assert totals["downloads_total"] == 6 and totals["active_grants"] == 3
    assert {r["key"]: r["count"] for r in totals["members_by_type"]} == {
        "municipality": 1, "corporation": 1, "individual": 0}
    assert totals["top_datasets"][0]["name"] == "jinryu"
    assert totals["fees_by_month"] == [{"month": fees.month_of(NOW), "total_yen": 800,
                                        "entries": 4}]
    html = _get(app, "/ckan-admin/market-usage", usage["admin"]).get_data(as_text=True)
    assert 'href="/ckan-admin/market-usage"' in _get(app, "/ckan-admin/", usage["admin"]).get_data(
        as_text=True)
    assert 'data-key="municipality" data-count="2"' in html
    assert "800" in html
    csv = _get(app, "/ckan-admin/market-usage.csv", usage["admin"])
    assert "会員種別ごとの会員数,corporation,法人,1" in csv.get_data().decode("utf-8-sig")
    assert_only(app, ["/ckan-admin/market-usage", "/ckan-admin/market-usage.csv"],
                [usage["provider"], usage["company"], None], usage["admin"])
