"""Resource URLs of conditional and paid data never reach users without a
grant: not in the API (show, search with any fl, resource_show, activity),
DCAT (dataset and catalog endpoints, dcat.json) or the web pages; CKAN's own
download route refuses them. Providers see the real URLs; grant holders get
the authorised route, which checks the grant on every request and logs."""
from __future__ import annotations

import json
import time

import pytest

import ckan.plugins.toolkit as tk
from ckan.common import config
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.tdpf_market.conftest import SECRET_URL, UPLOAD_BYTES, attest, ctx

SECRETS = ("data.mobility.example.jp/secret", "flow-upload.csv")


def _token(user) -> dict:
    return {"Authorization": factories.APIToken(user=user["id"])["token"]}


def _responses(app, market, headers, viewer_id) -> dict[str, str]:
    """Every place a dataset's resource URLs could show, as text."""
    cond, res = market["conditional"], market["conditional"]["resources"][0]
    activity = app.get("/api/3/action/package_activity_list?id=people-flow",
                       headers=headers).json["result"]
    newest = activity[0]["id"]
    urls = {
        "show": "/api/3/action/package_show?id=people-flow",
        "resource_show": f"/api/3/action/resource_show?id={res['id']}",
        "show_default_schema": "/api/3/action/package_show?id=people-flow&use_default_schema=true",
        "search": "/api/3/action/package_search?q=人流",
        "search_default_schema": "/api/3/action/package_search?q=人流&use_default_schema=true",
        "org_show": "/api/3/action/organization_show?id=mobility-co&include_datasets=true",
        "feed": "/feeds/dataset.atom",
        "search_fl": "/api/3/action/package_search?q=*:*&fl=id,res_url,data_dict,"
                     "validated_data_dict,text,urls",
        "search_res_url": "/api/3/action/package_search?q=res_url:*secret*",
        "resource_search": "/api/3/action/resource_search?query=url:secret",
        "resource_search_name": "/api/3/action/resource_search?query=name:アップロード",
        "with_resources": "/api/3/action/current_package_list_with_resources",
        "followed": f"/api/3/action/dataset_followee_list?id={viewer_id}",
        "activity_list": "/api/3/action/package_activity_list?id=people-flow",
        "activity_show": f"/api/3/action/activity_show?id={newest}&include_data=true",
        "activity_data": f"/api/3/action/activity_data_show?id={newest}",
        "activity_diff": f"/api/3/action/activity_diff?id={newest}&object_type=package",
        "activity_diff_html": f"/api/3/action/activity_diff?id={newest}"
                              "&object_type=package&diff_type=html",
        "recent": "/api/3/action/recently_changed_packages_activity_list",
        "org_activity": "/api/3/action/organization_activity_list?id=mobility-co",
        "dcat_dataset": f"/dataset/{cond['id']}.ttl",
        "dcat_catalog": "/catalog.ttl",
        "page": "/dataset/people-flow",
        "resource_page": f"/dataset/people-flow/resource/{res['id']}",
        "search_page": "/dataset/?q=人流",
        "activity_page": "/dataset/activity/people-flow",
        "changes_page": f"/dataset/changes/{newest}",
    }
    out = {}
    for name, url in urls.items():
        response = app.get(url, headers=headers)
        # CKAN itself refuses activity details to some users
        allowed = (200, 403) if "activity_" in name or name in ("changes_page", "followed") \
            else (200,)
        assert response.status_code in allowed, (name, response.status_code)
        if response.status_code == 200:
            out[name] = response.get_data(as_text=True)
    return out


def _change_dataset(market):
    """A second version in the activity stream, as the activity plugin
    stores it (the whole dict, real URLs included), so diffs exist."""
    provider = {"user": market["provider"]["name"]}
    call_action("package_patch", dict(provider), id="people-flow",
                notes="2024年度版に更新", **attest())
    real = call_action("package_show", dict(provider), id="people-flow")
    assert SECRET_URL in json.dumps(real)
    call_action("activity_create", {"ignore_auth": True}, user_id=market["provider"]["id"],
                object_id=real["id"], activity_type="changed package",
                data={"package": real, "actor": market["provider"]["name"]},
                permission_labels=["public"])


# the worst case: activity details (old versions, diffs) public
@pytest.mark.ckan_config("ckan.auth.public_activity_stream_detail", True)
def test_no_url_without_a_grant(app, market):
    _change_dataset(market)
    call_action("tdpf_access_request_create", ctx(market["free_member"]),
                dataset_id="people-flow", purpose="研究", accepted_conditions=True)
    viewers = {"anonymous": {}, "nonmember": _token(market["nonmember"]),
               "free_member": _token(market["free_member"]),  # request pending
               "other_editor": _token(market["other_editor"])}
    for who, headers in viewers.items():
        user = market.get(who, None)
        if user:  # following the dataset puts it in their followee list
            call_action("follow_dataset", {"user": user["name"]}, id="people-flow")
        seen = _responses(app, market, headers, user["id"] if user else "operator")
        assert {"activity_show", "activity_data", "activity_diff"} <= set(seen)
        assert ("followed" in seen) == (user is not None)
        for name, text in seen.items():
            for secret in SECRETS:
                assert secret not in text, f"{who} sees {secret} in {name}"
    # where the URL was, the request-access page is linked
    shown = app.get("/api/3/action/package_show?id=people-flow").json["result"]
    assert {r["url"] for r in shown["resources"]} == \
        {"http://test.ckan.net/dataset/people-flow/request-access"}
    assert "/dataset/people-flow/request-access" in app.get("/dataset/people-flow").get_data(
        as_text=True)
    # open data keeps its URL
    assert app.get("/api/3/action/package_show?id=stations").json["result"][
        "resources"][0]["url"] == "https://data.mobility.example.jp/open/stations.csv"

    # CKAN's own download route: 403 with the way to request access
    upload = market["upload"]
    page = app.get(f"/dataset/people-flow/resource/{upload['id']}/download/flow-upload.csv",
                   headers=_token(market["free_member"]))
    assert page.status_code == 403
    assert "request-access" in page.get_data(as_text=True)
    api = app.get(f"/market/download/{upload['id']}", headers={
        **_token(market["nonmember"]), "Accept": "application/json"})
    assert api.status_code == 403
    assert api.json["error"]["request_access_url"].endswith("/dataset/people-flow/request-access")


def test_provider_sees_urls_and_grant_holder_downloads_through_the_route(app, market,
                                                                         monkeypatch):
    provider = app.get("/api/3/action/package_show?id=people-flow",
                       headers=_token(market["provider_editor"])).json["result"]
    assert SECRET_URL in [r["url"] for r in provider["resources"]]

    request = call_action("tdpf_access_request_create", ctx(market["free_member"]),
                          dataset_id="people-flow", purpose="研究", accepted_conditions=True)
    call_action("tdpf_access_request_decide", ctx(market["provider"]),
                id=request["id"], decision="approve")
    member = _token(market["free_member"])
    shown = app.get("/api/3/action/package_show?id=people-flow", headers=member).json["result"]
    upload = market["upload"]
    assert {r["url"] for r in shown["resources"]} == {
        f"http://test.ckan.net/market/download/{r['id']}" for r in shown["resources"]}
    searched = app.get("/api/3/action/package_search?fl=id,data_dict&q=name:people-flow",
                       headers=member).json["result"]["results"][0]
    assert SECRET_URL not in searched["data_dict"]

    got = app.get(f"/market/download/{upload['id']}", headers=member)
    assert got.status_code == 200 and got.data == UPLOAD_BYTES
    link = app.get(f"/market/download/{shown['resources'][0]['id']}", headers=member,
                   follow_redirects=False)
    assert link.status_code == 302 and link.headers["Location"] == SECRET_URL
    # CKAN's download route sends grant holders to the logged route
    core = app.get(f"/dataset/people-flow/resource/{upload['id']}/download/flow-upload.csv",
                   headers=member, follow_redirects=False)
    assert core.status_code == 302 and "/market/download/" in core.headers["Location"]

    from ckan import model

    from ckanext.tdpf_market.access.model import AccessLog
    log = model.Session.query(AccessLog).order_by(AccessLog.id).all()
    assert [(e.resource_id, e.bytes, e.purpose, e.member_type) for e in log] == [
        (upload["id"], len(UPLOAD_BYTES), "研究", "corporation"),
        (shown["resources"][0]["id"], 0, "研究", "corporation")]

    # a signed URL works without the session, for a short time, for that resource only
    signed = call_action("tdpf_resource_access", ctx(market["free_member"]), id=upload["id"])
    path = signed["url"].replace("http://test.ckan.net", "")
    assert app.get(path).data == UPLOAD_BYTES
    other = path.replace(upload["id"], shown["resources"][0]["id"])
    assert app.get(other).status_code == 403
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_resource_access", ctx(market["nonmember"]), id=upload["id"])
    # short-lived: refused once the TTL has passed
    monkeypatch.setitem(config, "ckanext.tdpf_market.access.signed_url_ttl", 1)
    time.sleep(2.1)
    expired = app.get(path)
    assert expired.status_code == 403 and "期限切れか無効" in expired.json["error"]["message"]
    monkeypatch.undo()

    # revoked: refused on the next request, signed URL included
    call_action("tdpf_grant_revoke", ctx(market["provider"]), id=request["grant_id"]
                if request.get("grant_id") else call_action(
                    "tdpf_grant_list", ctx(market["provider"]))[0]["id"])
    assert app.get(f"/market/download/{upload['id']}", headers=member).status_code == 403
    assert app.get(path).status_code == 403
    assert json.dumps(app.get("/api/3/action/package_show?id=people-flow",
                              headers=member).json).count("request-access") == 2


def test_editor_collaborators_see_urls(market, monkeypatch):
    """With CKAN's dataset collaborators on, an editor collaborator edits
    the dataset, so sees (and saves back) the real URLs; a reader does not."""
    monkeypatch.setitem(config, "ckan.auth.allow_dataset_collaborators", True)
    for user, capacity in (("other_editor", "editor"), ("nonmember", "member")):
        call_action("package_collaborator_create", {"user": market["provider"]["name"]},
                    id="people-flow", user_id=market[user]["id"], capacity=capacity)
    def urls(user):
        return {r["url"] for r in call_action("package_show", ctx(market[user]),
                                               id="people-flow")["resources"]}
    assert SECRET_URL in urls("other_editor")
    assert urls("nonmember") == {"http://test.ckan.net/dataset/people-flow/request-access"}
    monkeypatch.setitem(config, "ckan.auth.allow_dataset_collaborators", False)
    assert SECRET_URL not in urls("other_editor")
