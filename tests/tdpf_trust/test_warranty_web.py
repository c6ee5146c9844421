"""The web side of the warranty: the new-dataset flow ends with the warranty
step, the warranty page, the dataset page's notices, the resource form of a
public dataset, and the organisation's bulk page."""
from __future__ import annotations

import re
from html import unescape

import pytest

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.tdpf_trust.t1_support import ATTEST, ctx, provider_site

pytestmark = pytest.mark.usefixtures("clean_db")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _web(user: dict) -> dict:
    token = call_action("api_token_create", {"user": user["name"]}, user=user["name"],
                        name="web")["token"]
    return {"Authorization": token}


def test_new_dataset_flow_ends_with_the_warranty(app):
    site = provider_site()
    env = _web(site["editor"])
    # stage 1 and 2 as CKAN's form posts them: a public draft with a resource
    call_action("package_create", ctx(site["editor"]), name="flow", title="公園一覧",
                owner_org=site["org"]["id"], license_id="cc-by-4.0", state="draft",
                private=False)
    form = app.get("/dataset/flow/resource/new", headers=env).body
    assert 'value="tdpf-warranty"' in form and "次へ：表明保証" in form
    resp = app.post("/dataset/flow/resource/new", headers=env, follow_redirects=False,
                    data={"url": "https://example.lg.jp/parks.csv", "name": "公園",
                          "id": "", "save": "tdpf-warranty"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/dataset/flow/warranty")
    assert len(call_action("package_show", id="flow")["resources"]) == 1
    # again without new data: straight to the step, nothing created
    resp = app.post("/dataset/flow/resource/new", headers=env, follow_redirects=False,
                    data={"url": "", "name": "", "id": "", "save": "tdpf-warranty"})
    assert resp.headers["Location"].endswith("/dataset/flow/warranty")
    assert len(call_action("package_show", id="flow")["resources"]) == 1

    page = _text(app.get("/dataset/flow/warranty", headers=env).body)
    assert "「公園一覧」の表明保証" in page and "安心して" in page
    assert "本人の同意" in page and "個人情報" in page
    assert "非公開のまま" not in page  # a public dataset cannot skip it
    # one statement missing: nothing recorded, the page says which
    data = dict.fromkeys(ATTEST, "true")
    resp = app.post("/dataset/flow/warranty", headers=env,
                    data=dict(data, consent="", personal_data_kind="非個人情報", save="warrant"))
    assert resp.status_code == 200
    assert "表明保証に必要です: 人に関するデータ" in _text(resp.body)
    assert call_action("tdpf_warranty_list", ctx(site["editor"]), id="flow") == []
    assert model.Package.get("flow").state == "draft"
    resp = app.post("/dataset/flow/warranty", headers=env, follow_redirects=False,
                    data=dict(data, personal_data_kind="非個人情報", save="warrant"))
    assert resp.status_code == 302
    pkg = model.Package.get("flow")
    assert (pkg.state, pkg.private) == ("active", False)
    page = _text(app.get("/dataset/flow").body)
    assert "提供者による表明保証済み" in page and "千代田区" in page


def test_private_draft_may_finish_without_warranty_and_publish_later(app):
    site = provider_site()
    env = _web(site["admin"])
    call_action("package_create", ctx(site["editor"]), name="quiet", title="内部",
                owner_org=site["org"]["id"], license_id="cc-by-4.0", state="draft",
                private=True, privacy_policy_contains_personal_data="非個人情報")
    assert "非公開のまま" in _text(app.get("/dataset/quiet/warranty", headers=env).body)
    app.post("/dataset/quiet/warranty", headers=env, data={"save": "skip"})
    pkg = model.Package.get("quiet")
    assert (pkg.state, pkg.private) == ("active", True)
    # the edit form's visibility switch is refused with the reason
    resp = app.post("/dataset/edit/quiet", headers=env, data={
        "title": "内部", "name": "quiet", "owner_org": site["org"]["id"],
        "license_id": "cc-by-4.0", "private": "False", "save": ""})
    assert resp.status_code == 200 and "表明保証がありません" in _text(resp.body)
    assert model.Package.get("quiet").private is True
    # editors see why it cannot be public and where to go
    page = _text(app.get("/dataset/quiet", headers=env).body)
    assert "有効な表明保証がありません" in page and "表明保証する" in page
    # warrant and publish in one go
    app.post("/dataset/quiet/warranty", headers=env,
             data={**dict.fromkeys(ATTEST, "true"), "publish": "true", "save": "warrant"})
    assert model.Package.get("quiet").private is False


def test_warranty_page_is_for_providers_only(app):
    site = provider_site()
    # over HTTP the API answers the gate's refusal as a validation error
    resp = app.post("/api/3/action/package_patch", headers=_web(site["editor"]),
                    json={"id": "shelters", "private": False})
    assert resp.status_code == 409
    assert "表明保証がありません" in resp.json["error"]["private"][0]
    resp = app.post("/api/3/action/tdpf_warranty_create", headers=_web(site["outsider"]),
                    json={"id": "shelters", **ATTEST})
    assert resp.status_code == 403
    for user in (site["member"], site["outsider"]):
        assert app.get("/dataset/shelters/warranty", headers=_web(user)).status_code in (403, 404)
    assert app.get("/dataset/shelters/warranty").status_code in (403, 404)
    assert app.get("/dataset/nothing-here/warranty",
                   headers=_web(site["editor"])).status_code == 404


def test_public_resource_form_asks_again_and_bulk_page_refuses(app):
    site = provider_site()
    env = _web(site["editor"])
    call_action("tdpf_warranty_create", ctx(site["editor"]), id="shelters", **ATTEST)
    call_action("package_patch", ctx(site["editor"]), id="shelters", private=False)
    res_id = call_action("package_show", id="shelters")["resources"][0]["id"]
    form = app.get(f"/dataset/shelters/resource/{res_id}/edit", headers=env).body
    assert 'name="tdpf_attest_consent"' in form
    assert 'value="tdpf-warranty"' not in form  # editing keeps its own button
    new_url = "https://example.lg.jp/shelters-2025.csv"
    resp = app.post(f"/dataset/shelters/resource/{res_id}/edit", headers=env,
                    data={"url": new_url, "name": "避難所", "id": res_id, "save": ""})
    assert "表明保証" in _text(resp.body)  # refused: statements not ticked
    assert model.Resource.get(res_id).url != new_url
    app.post(f"/dataset/shelters/resource/{res_id}/edit", headers=env,
             data={"url": new_url, "name": "避難所", "id": res_id, "save": "",
                   **{f"tdpf_attest_{k}": "true" for k in ATTEST}})
    assert model.Resource.get(res_id).url == new_url
    assert call_action("tdpf_warranty_show", id="shelters")["current"]

    # the organisation's bulk page: refused with the reason, not a crash
    other = call_action("package_create", ctx(site["editor"]), name="other", title="他",
                        owner_org=site["org"]["id"], license_id="cc-by-4.0", private=True)
    resp = app.post(f"/organization/bulk_process/{site['org']['name']}",
                    headers=_web(site["admin"]),
                    data={f"dataset_{other['id']}": "on", "bulk_action.public": "public"})
    assert resp.status_code == 200 and "表明保証がありません" in _text(resp.body)
    assert model.Package.get("other").private


def test_harvested_page_names_the_responsible_source(app, monkeypatch):
    from ckanext.tdpf_trust.warranty import rules as warranty

    site = provider_site()
    sysadmin = factories.Sysadmin()
    monkeypatch.setattr(warranty, "is_harvested",
                        lambda pkg: bool(pkg.get("source_catalog_url")))
    call_action("package_create", ctx(sysadmin), name="collected", title="収集データ",
                owner_org=site["org"]["id"], license_id="cc-by-4.0",
                source_catalog_url="https://catalog.example.jp/",
                source_catalog_name="例示カタログ")
    page = _text(app.get("/dataset/collected").body)
    assert "このデータの内容は収集元カタログの提供者が責任を負います" in page
    assert "例示カタログ" in page
