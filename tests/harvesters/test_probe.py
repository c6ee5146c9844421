"""接続テスト of a new source (issue 18 part 2): what a catalog URL
answers — count and sample titles of a CKAN or DCAT catalog on a real
local server — and a clear Japanese message for every failure, never a 500."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action


@pytest.fixture
def allowed(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.allow_hosts", ["127.0.0.1"])
    monkeypatch.setitem(ckan_config, "ckanext.tdpf_harvesters.probe_timeout", 1)


def _probe(user: dict, url: str, source_type: str = "tdpf_ckan") -> dict:
    return call_action("tdpf_harvest_source_probe", {"user": user["name"]},
                       url=url, source_type=source_type)


@pytest.fixture
def refusal(app, sysadmin):
    """The message of a refused probe, as the API answers it (409, Japanese)."""
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}

    def refused(url: str, source_type: str = "tdpf_ckan") -> str:
        res = app.post("/api/3/action/tdpf_harvest_source_probe",
                       json={"url": url, "source_type": source_type}, headers=headers,
                       status=409)
        return res.json["error"]["url"][0]
    return refused


def test_ckan_and_dcat_catalogs_counted_with_titles(remote, sysadmin, allowed):
    titles = {d["title"] for d in remote.datasets.values()}
    found = _probe(sysadmin, remote.url)  # the site's root: its Action API is found
    assert found["kind"] == "ckan" and found["count"] == 12
    assert len(found["titles"]) == 5 and set(found["titles"]) <= titles
    found = _probe(sysadmin, remote.url + "/dcat/catalog.ttl", "tdpf_dcat")  # 3 Hydra pages
    assert found["kind"] == "dcat" and found["count"] == 12 and not found["more"]
    assert len(found["titles"]) == 5 and set(found["titles"]) <= titles
    remote.delete(sorted(remote.datasets)[0])
    assert _probe(sysadmin, remote.url)["count"] == 11


def test_failures_say_what_is_wrong(remote, allowed, ckan_config, monkeypatch, refusal):
    # a DCAT catalog tested as CKAN, a CKAN API as DCAT
    assert "CKAN のカタログではありません" in refusal(remote.url + "/dcat/catalog.ttl")
    assert "DCAT のカタログではありません" in refusal(
        remote.url + "/api/3/action/package_search", "tdpf_dcat")
    assert refusal("http://127.0.0.1:9/") == (
        "127.0.0.1:9 に接続できません。URL とサイトが稼働しているかを確認してください。")
    remote.faults.html200 = True
    assert "ウェブページ（HTML）を返しました" in refusal(remote.url)
    assert "ウェブページ（HTML）を返しました" in refusal(remote.url + "/api/", "tdpf_dcat")
    remote.faults.html200 = False
    remote.faults.error500 = 5
    assert "HTTP ステータス 500" in refusal(remote.url)
    remote.faults.error500 = 0
    remote.faults.slow_seconds = 2.5
    assert refusal(remote.url) == "カタログから 1 秒以内に応答がありませんでした。"
    remote.faults.slow_seconds = 0
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.allow_hosts", [])
    assert "取得できないアドレス" in refusal(remote.url)  # loopback: the SSRF guard
    assert "取得できないアドレス" in refusal("file:///etc/passwd")


def test_only_operators_and_editors_test_catalogs(remote, sysadmin, allowed, app):
    editor, plain = factories.User(), factories.User()
    factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    assert _probe(editor, remote.url)["count"] == 12
    for user in ("", plain["name"]):
        with pytest.raises(tk.NotAuthorized):
            call_action("tdpf_harvest_source_probe", {"user": user, "ignore_auth": False},
                        url=remote.url)
    token = factories.APIToken(user=sysadmin["name"])["token"]
    res = app.post("/api/3/action/tdpf_harvest_source_probe",
                   json={"url": "http://127.0.0.1:9/"}, headers={"Authorization": token},
                   status=409)
    assert "接続できません" in res.json["error"]["url"][0]
    app.post("/api/3/action/tdpf_harvest_source_probe", json={"url": remote.url}, status=403)


def test_the_form_saves_nothing_that_does_not_answer(remote, sysadmin, allowed, app):
    from ckan import model

    plain = factories.User()
    org = factories.Organization()
    res = app.get("/harvest/connect", follow_redirects=False)
    assert res.status_code == 302 and "/user/login" in res.headers["Location"]
    app.get("/harvest/connect", status=403,
            headers={"Authorization": factories.APIToken(user=plain["name"])["token"]})
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    form = {"url": "http://127.0.0.1:9/", "source_type": "tdpf_ckan", "title": "届かないカタログ",
            "name": "unreachable-catalog", "owner_org": org["id"], "provider_type": "company",
            "frequency": "WEEKLY", "op": "save"}
    page = app.post("/harvest/connect", data=form, headers=headers).body
    assert "127.0.0.1:9 に接続できません" in page
    assert model.Package.get("unreachable-catalog") is None
    saved = app.post("/harvest/connect", data={**form, "url": remote.url,
                                               "municipality_codes": "131016、132292"},
                     headers=headers, follow_redirects=False)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(
        "/harvest/unreachable-catalog")
    source = tk.get_action("harvest_source_show")({"user": sysadmin["name"]},
                                                  {"id": "unreachable-catalog"})
    assert source["config"] and "132292" in source["config"]
