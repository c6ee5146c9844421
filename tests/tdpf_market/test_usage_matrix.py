"""The authorisation matrix of the usage, fee and rate-limit actions and
pages, in the market matrix's terms (tests/tdpf_market/test_matrix.py: one
character per role in ROLES order; O allowed, D NotAuthorized; pages: HTTP
status // 100)."""
from __future__ import annotations

from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tdpf_market.fees import ledger as fees

from tests.tdpf_market.conftest import ctx
from tests.tdpf_market.test_matrix import DATASETS, ROLES, _outcome, _row, matrix  # noqa: F401

PROVIDER_ONLY = "DDDDDOO"     # the dataset's organisation and operators
MEMBER_ONLY = "DDODDDO"       # the free member themself and operators
OPERATOR_ONLY = "DDDDDDO"


def test_usage_fee_and_limit_matrix(app, matrix):  # noqa: F811
    m = matrix
    # a charge to correct: the paid member's automatically approved request
    call_action("tdpf_access_request_create", ctx(m["paid_member"]), dataset_id="flow-premium",
                purpose="商用", accepted_conditions=True)
    entry = fees.entries(member_user_id=m["paid_member"]["id"])[0]
    member, org = m["free_member"]["name"], m["org"]["name"]
    month = fees.month_of(fees.utcnow())

    def auth(action, **data):
        return lambda user: _outcome(lambda: call_auth(action, ctx(user), **data))

    def act(action, **data):
        return lambda user: _outcome(lambda: call_action(action, ctx(user), **data))

    assert {kind: _row(m, act("tdpf_usage_show", id=m["names"][kind]))
            for kind in DATASETS} == dict.fromkeys(DATASETS, PROVIDER_ONLY)
    assert _row(m, act("tdpf_usage_history", user_id=member)) == MEMBER_ONLY
    assert _row(m, act("tdpf_usage_totals")) == OPERATOR_ONLY
    assert _row(m, act("tdpf_fee_statement_list", user_id=member)) == MEMBER_ONLY
    assert _row(m, act("tdpf_fee_statement_show", user_id=member, month=month)) == MEMBER_ONLY
    assert _row(m, act("tdpf_fee_statement_list", organization_id=org)) == PROVIDER_ONLY
    assert _row(m, act("tdpf_fee_statement_show", organization_id=org,
                       month=month)) == PROVIDER_ONLY
    assert _row(m, auth("tdpf_fee_correction_create", entry_id=entry.id, amount_yen=-1,
                        reason="x")) == OPERATOR_ONLY
    assert _row(m, act("tdpf_ratelimit_show", id=member)) == MEMBER_ONLY

    tokens = {m[role]["id"]: factories.APIToken(user=m[role]["id"])["token"]
              for role in ROLES if role != "anonymous"}

    def page(url):
        def one(user):
            headers = {"Authorization": tokens[user["id"]]} if user else {}
            return str(app.get(url, headers=headers).status_code // 100)
        return one

    def pages(urls, expected):
        return {url: _row(m, page(url)) for url in urls} == dict.fromkeys(urls, expected)

    assert pages([f"/dataset/{m['names'][kind]}/usage{ext}" for kind in DATASETS
                  for ext in ("", ".csv")], "4444422")
    assert pages([f"/user/{member}/market-history", f"/user/{member}/market-history.csv",
                  f"/user/{member}/fees.csv?month={month}", f"/user/{member}/api-limits"],
                 "4424442")
    assert pages([f"/organization/{org}/fees", f"/organization/{org}/fees.csv?month={month}"],
                 "4444422")
    assert pages(["/ckan-admin/market-usage", "/ckan-admin/market-usage.csv"], "4444442")
