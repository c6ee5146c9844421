"""A small market: a provider organisation with an open, a conditional, a
paid and a private dataset, another provider, members of each kind, a
non-member and an operator. Shared by the market tests (M1 and M2)."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.factories import run_queued_scans

SECRET_URL = "https://data.mobility.example.jp/secret/flow-2024.csv"
OPEN_URL = "https://data.mobility.example.jp/open/stations.csv"
UPLOAD_BYTES = b"time,area,count\n2024-04-01T08:00,131016,1520\n"

CONDITIONAL = {
    "access_level": "conditional", "trading_policy_use_application": ["研究", "公共"],
    "eligible_member_types": ["municipality", "corporation"],
    "trading_policy_nda": "求める", "terms_of_use_permissible_region": "日本",
    "trading_policy_contract_type": "利用許諾", "approval_mode": "manual",
    "usage_license_period": '{"expirationPeriodType": "period", "period": '
                            '{"referenceDate": "purchasedDay", "value": 6, "unit": "month"}}',
    "secondary_use_terms": "加工したデータの再配布は不可",
    "terms_of_use_notices": "個人の特定を試みないこと",
}
PAID = {
    "access_level": "paid", "fee_amount": 5000, "fee_unit": "month",
    "trading_policy_use_application": ["商用"], "eligible_tiers": ["paid"],
    "approval_mode": "auto",
}


def attest() -> dict:
    """The trust plugin's warranty, which public datasets and their changes
    need (nothing when that plugin has no warranty feature)."""
    try:
        from ckanext.tdpf_trust.warranty import rules as warranty
    except ImportError:
        return {}
    return {warranty.ATTESTATION_KEY: dict.fromkeys(warranty.ATTESTATIONS, True)}


def _user(name: str, member_type: str | None = None, tier: str = "free", **kw) -> dict:
    user = factories.User(name=name, email=f"{name}@example.jp", password="Market-2026-pass", **kw)
    if member_type:
        call_action("tdpf_member_update", {"ignore_auth": True}, id=user["id"],
                    member_type=member_type, tier=tier)
    return user


def upload(context: dict, package_id: str, data: bytes, filename: str, **fields) -> dict:
    """An uploaded resource (what CKAN's create_with_upload fixture does,
    usable from module-scoped fixtures too)."""
    from io import BytesIO

    from ckan.tests.pytest_ckan.fixtures import FakeFileStorage

    resource = call_action("resource_create", dict(context), package_id=package_id,
                           upload=FakeFileStorage(BytesIO(data), filename), **fields)
    _scan_now(resource["id"])
    return resource


def _scan_now(resource_id: str) -> None:
    """Every queued scan, so the remote URLs of the datasets made before
    are scanned too (see ``run_queued_scans``)."""
    run_queued_scans()


def make_market() -> dict:
    sysadmin = factories.Sysadmin(name="operator")
    site = {"operator": sysadmin}
    site["provider"] = _user("mobility-admin")
    site["provider_editor"] = _user("mobility-editor")
    site["other_editor"] = _user("koto-editor")
    site["free_member"] = _user("free-corp", "corporation", "free")
    site["paid_member"] = _user("paid-corp", "corporation", "paid")
    site["individual"] = _user("taro", "individual", "free")
    site["nonmember"] = _user("browser")
    org = factories.Organization(name="mobility-co", title="東京モビリティ株式会社", users=[
        {"name": site["provider"]["name"], "capacity": "admin"},
        {"name": site["provider_editor"]["name"], "capacity": "editor"}])
    other = factories.Organization(name="koto", title="江東区", users=[
        {"name": site["other_editor"]["name"], "capacity": "editor"}])
    site["org"], site["other_org"] = org, other
    ctx = {"user": sysadmin["name"]}

    def dataset(name, title, **fields):
        return call_action("package_create", dict(ctx), name=name, title=title,
                           owner_org=org["id"], license_id="cc-by-4.0",
                           privacy_policy_contains_personal_data="非個人情報",
                           **attest(), **fields)

    site["open"] = dataset("stations", "駅の一覧", access_level="open",
                           resources=[{"url": OPEN_URL, "name": "駅", "format": "CSV"}])
    site["conditional"] = dataset("people-flow", "人流データ（条件付き）", **CONDITIONAL,
                                  resources=[{"url": SECRET_URL, "name": "人流", "format": "CSV"}])
    site["paid"] = dataset("flow-premium", "人流データ（有償）", **PAID,
                           resources=[{"url": SECRET_URL + "?premium", "name": "有償版",
                                       "format": "CSV"}])
    site["private"] = dataset("flow-private", "人流データ（非公開）", private=True,
                              **CONDITIONAL,
                              resources=[{"url": SECRET_URL + "?private", "format": "CSV"}])
    site["upload"] = upload(ctx, site["conditional"]["id"], UPLOAD_BYTES, "flow-upload.csv",
                            name="アップロード版", **attest())
    return site


@pytest.fixture
def market(clean_db):
    return make_market()


def ctx(user: dict | None) -> dict:
    """An action context for a test user (None: anonymous)."""
    return {"user": user["name"] if user else "", "ignore_auth": False}
