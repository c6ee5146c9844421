"""The authorisation matrix of the market's actions and download route:
who (anonymous, non-member, free member, paid member, editor of another
organisation, provider of the dataset, operator) may do what with which
dataset (open, conditional, paid, private, withdrawn by its provider
through the trust plugin, deleted). Each row is one character per role, in
ROLES order:

O allowed, D NotAuthorized/403, I refused as invalid (409), N not found (404);
URL columns: U real URL, G the authorised download route, R the
request-access page, x no URL (the trust plugin's tombstone), - dataset not
shown. Download columns: HTTP status //100
(3 redirect to the data, 4 refused)."""
from __future__ import annotations

import datetime

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from tests.tdpf_market.conftest import attest, ctx

ROLES = ("anonymous", "nonmember", "free_member", "paid_member", "other_editor",
         "provider_editor", "operator")
DATASETS = ("open", "conditional", "paid", "private", "withdrawn", "deleted")

REQUEST_CREATE = {
    "open":        "DDIIDDI",
    "conditional": "DDOODDI",
    "paid":        "DDIODDI",
    "private":     "DDDDDDI",
    "withdrawn":   "DDIIDDI",
    "deleted":     "DDDDDDI",
}
SHOWN_URL = {
    "open":        "UUUUUUU",
    "conditional": "RRGRRUU",
    "paid":        "RRRGRUU",
    "private":     "-----UU",
    "withdrawn":   "xxxxxxU",
    "deleted":     "-----UU",
}
SIGNED_URL = {
    "open":        "DOOOOOO",
    "conditional": "DDODDOO",
    "paid":        "DDDODOO",
    "private":     "DNNNNOO",
    "withdrawn":   "DDDDDOO",
    "deleted":     "DNNNNNN",
}
DOWNLOAD = {
    "open":        "3333333",
    "conditional": "4434433",
    "paid":        "4443433",
    "private":     "4444433",
    "withdrawn":   "4444433",
    "deleted":     "4444444",
}
# on the paid member's pending request for the conditional dataset, and the
# free member's grant to it
DECIDE = "DDDDDOO"
SHOW_REQUEST = "DDDODOO"
REVOKE = "DDDDDOO"
LISTED_REQUESTS = {"nonmember": 0, "free_member": 1, "paid_member": 2, "other_editor": 0,
                   "provider_editor": 3, "operator": 3}


def _outcome(call) -> str:
    try:
        call()
    except tk.NotAuthorized:
        return "D"
    except tk.ValidationError:
        return "I"
    except tk.ObjectNotFound:
        return "N"
    return "O"


def _row(market, role_call) -> str:
    return "".join(role_call(None if role == "anonymous" else market[role])
                   for role in ROLES)


@pytest.fixture
def matrix(market):
    """The market plus a dataset withdrawn by its provider (trust plugin:
    announced, then ended), a deleted one, and the resources' ids."""
    from ckanext.tdpf_trust.withdrawal import notice as withdrawal

    operator = {"user": market["operator"]["name"]}

    def conditional(name):
        return call_action("package_create", dict(operator), name=name, title=name,
                           owner_org=market["org"]["id"], license_id="cc-by-4.0",
                           privacy_policy_contains_personal_data="非個人情報",
                           access_level="conditional", **attest(),
                           resources=[{"url": f"https://data.mobility.example.jp/{name}.csv"}])

    ended = conditional("flow-withdrawn")
    end = withdrawal.today() + datetime.timedelta(days=withdrawal.config.min_notice_days())
    withdrawal.schedule(ended, model.User.get(market["provider"]["id"]), end, "提供終了")
    model.Session.commit()
    withdrawal.run_due(on=end)
    deleted = conditional("flow-deleted")
    call_action("package_delete", {"user": market["provider"]["name"]}, id=deleted["id"])
    names = {"open": "stations", "conditional": "people-flow", "paid": "flow-premium",
             "private": "flow-private", "withdrawn": "flow-withdrawn", "deleted": "flow-deleted"}
    resources = {kind: call_action("package_show", {"ignore_auth": True},
                                   id=name)["resources"][0]["id"]
                 for kind, name in names.items()}
    return {**market, "names": names, "resources": resources}


def test_authorisation_matrix(app, matrix):
    m = matrix

    def request(kind):
        return lambda user: _outcome(lambda: call_action(
            "tdpf_access_request_create", ctx(user), dataset_id=m["names"][kind],
            purpose="研究" if kind != "paid" else "商用", accepted_conditions=True))

    got = {kind: _row(m, request(kind)) for kind in DATASETS}
    assert got == REQUEST_CREATE

    pending = call_action("tdpf_access_request_list", ctx(m["paid_member"]),
                          dataset_id="people-flow")[0]
    free_request = call_action("tdpf_access_request_list", ctx(m["free_member"]))[0]
    grant = call_action("tdpf_access_request_decide", ctx(m["provider"]),
                        id=free_request["id"], decision="approve")["grant"]

    def auth(action, **data):
        return lambda user: _outcome(lambda: call_auth(action, ctx(user), **data))

    assert _row(m, auth("tdpf_access_request_decide", id=pending["id"])) == DECIDE
    assert _row(m, auth("tdpf_access_request_show", id=pending["id"])) == SHOW_REQUEST
    assert _row(m, auth("tdpf_grant_revoke", id=grant["id"])) == REVOKE
    listed = {role: len(call_action("tdpf_access_request_list", ctx(m[role])))
              for role in LISTED_REQUESTS}
    assert listed == LISTED_REQUESTS
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_access_request_list", ctx(None))
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_grant_list", ctx(None))

    def shown(kind):
        def one(user):
            try:
                pkg = call_action("package_show", ctx(user), id=m["names"][kind])
            except (tk.NotAuthorized, tk.ObjectNotFound):
                return "-"
            url = pkg["resources"][0].get("url")
            return ("x" if not url else "R" if url.endswith("/request-access") else
                    "G" if "/market/download/" in url else "U")
        return one

    assert {kind: _row(m, shown(kind)) for kind in DATASETS} == SHOWN_URL

    def signed(kind):
        return lambda user: _outcome(lambda: call_action(
            "tdpf_resource_access", ctx(user), id=m["resources"][kind]))

    assert {kind: _row(m, signed(kind)) for kind in DATASETS} == SIGNED_URL

    tokens = {role: factories.APIToken(user=m[role]["id"])["token"]
              for role in ROLES if role != "anonymous"}

    def download(kind):
        def one(user):
            headers = {"Authorization": tokens[user["name"] and _role(m, user)]} if user else {}
            response = app.get(f"/market/download/{m['resources'][kind]}", headers=headers,
                               follow_redirects=False)
            return str(response.status_code // 100)
        return one

    assert {kind: _row(m, download(kind)) for kind in DATASETS} == DOWNLOAD


def _role(m, user) -> str:
    return next(role for role in ROLES if role != "anonymous" and m[role]["id"] == user["id"])
