"""A file added to a public dataset waits for its personal-data scan: until
the scan has run and found nothing blocking, the public can neither download
it nor see its URL anywhere (API, search, DCAT, activity, pages); its
providers see the URL and why it waits. The scans run for real, in the job
worker started as make serve starts it (``ckan jobs worker``)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_trust.scan import rules

from tests import factories as tdpf_factories
from tests.factories import WARRANTY

MY_NUMBER = "52000000000" + str(rules.my_number_check_digit("52000000000"))
PEOPLE_CSV = ("氏名,メールアドレス,携帯電話,個人番号\r\n"
              f"山田 太郎,taro.yamada@gmail.com,090-1234-5678,{MY_NUMBER}\r\n"
              "佐藤 花子,hanako.sato@yahoo.co.jp,080-2345-6789,123456789018\r\n")
CLEAN_CSV = "年度,来館者数\r\n2022,15230\r\n2023,16804\r\n"
WAITING = "個人情報の確認中です"


def _token(user: dict | None) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}


def run_worker(ini: str, *queues: str, burst: bool = True, **popen) -> subprocess.Popen:
    """``ckan jobs worker`` in its own process, as make serve runs it."""
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "ckan"), "-c", ini, "jobs", "worker",
         *(["--burst"] if burst else []), *queues],
        **{"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, **popen})


@pytest.fixture
def scan_worker(request):
    """Run the queued scans to the end, in a real worker process."""
    def run() -> None:
        assert run_worker(request.config.getoption("ckan_ini"), "tdpf_scan").wait(120) == 0
        model.Session.expire_all()  # the worker wrote in its own transactions
    return run


@pytest.fixture
def public_site(clean_db, clean_queues):
    org = factories.Organization(name="koto", title="江東区")
    editor, member, outsider = factories.User(), factories.User(), factories.User()
    call_action("organization_member_create", id=org["id"], username=editor["name"],
                role="editor")
    call_action("organization_member_create", id=org["id"], username=member["name"],
                role="member")
    ds = tdpf_factories.Dataset(owner_org=org["id"], name="koto-library",
                                title="江東区 図書館の利用状況", private=False)
    return {"org": org, "editor": editor, "member": member, "outsider": outsider, "ds": ds}


def _add_file(create_with_upload, site, data: str, filename: str, name: str,
              **replacing) -> dict:
    """The provider adds a file to the public dataset, or replaces one
    (``action="resource_update", id=...``), with the warranty the
    publication gate asks for a change of a public dataset."""
    return create_with_upload(
        data.encode("utf-8"), filename, package_id=site["ds"]["id"],
        context={"user": site["editor"]["name"]}, name=name, format="CSV",
        tdpf_warranty_attestation=dict(WARRANTY, personal_data_kind="非個人情報"), **replacing)


def _download(res: dict) -> str:
    return f"/dataset/{res['package_id']}/resource/{res['id']}/download/{res['url'].rsplit('/', 1)[-1]}"


def _found_by_url(app, part: str) -> int:
    return app.get(f"/api/3/action/package_search?q={part}").json["result"]["count"]


def _public_views(app, ds: dict, res: dict, headers: dict) -> dict[str, str]:
    """Everywhere the public could meet the resource's URL, as text."""
    activity = app.get(f"/api/3/action/package_activity_list?id={ds['id']}",
                       headers=headers).json["result"]
    newest = activity[0]["id"]
    urls = {
        "show": f"/api/3/action/package_show?id={ds['name']}",
        "resource_show": f"/api/3/action/resource_show?id={res['id']}",
        "search": "/api/3/action/package_search?q=図書館",
        "search_fl": "/api/3/action/package_search?q=*:*&fl=id,res_url,urls,"
                     "validated_data_dict,data_dict",
        "resource_search": f"/api/3/action/resource_search?query=url:{res['id']}",
        "with_resources": "/api/3/action/current_package_list_with_resources",
        "activity_list": f"/api/3/action/package_activity_list?id={ds['id']}",
        "activity_show": f"/api/3/action/activity_show?id={newest}&include_data=true",
        "activity_data": f"/api/3/action/activity_data_show?id={newest}",
        "activity_diff": f"/api/3/action/activity_diff?id={newest}&object_type=package",
        "dcat_dataset": f"/dataset/{ds['id']}.ttl",
        "dcat_catalog": "/catalog.ttl",
        "page": f"/dataset/{ds['name']}",
        "resource_page": f"/dataset/{ds['name']}/resource/{res['id']}",
    }
    out = {}
    for name, url in urls.items():
        response = app.get(url, headers=headers)
        assert response.status_code == 200, (name, response.status_code)
        out[name] = response.get_data(as_text=True)
    return out


def _assert_withheld(app, site, res, who: dict | None) -> None:
    headers = _token(who)
    for name, text in _public_views(app, site["ds"], res, headers).items():
        assert f"/resource/{res['id']}/download" not in text, f"the URL is shown in {name}"
    shown = app.get(f"/api/3/action/resource_show?id={res['id']}", headers=headers).json
    assert shown["result"]["url"] == "" and shown["result"]["tdpf_scan_hold"]["state"] == "pending"
    assert WAITING in shown["result"]["tdpf_scan_hold"]["message"]
    page = app.get(f"/dataset/{site['ds']['name']}/resource/{res['id']}", headers=headers)
    assert WAITING in page.body and 'data-hold="public"' in page.body
    refused = app.get(_download(res), headers=headers)
    assert refused.status_code == 409 and WAITING in refused.body
    as_json = app.get(_download(res), headers={**headers, "Accept": "application/json"})
    assert as_json.status_code == 409 and WAITING in as_json.json["error"]["message"]


def _provider_view(app, site, res) -> dict:
    headers = _token(site["editor"])
    shown = app.get(f"/api/3/action/resource_show?id={res['id']}", headers=headers).json["result"]
    assert shown["url"] == res["url"]  # the provider sees the real URL
    page = app.get(f"/dataset/{site['ds']['name']}/resource/{res['id']}", headers=headers).body
    assert "個人情報スキャン待ち" in page and "一般には公開していません" in page
    dataset_page = app.get(f"/dataset/{site['ds']['name']}", headers=headers).body
    assert "個人情報スキャン待ち" in dataset_page and "名簿" in dataset_page
    assert app.get(_download(res), headers=headers).status_code == 200
    return {"hold": shown["tdpf_scan_hold"], "page": page}


@pytest.mark.ckan_config("ckan.auth.public_activity_stream_detail", True)
def test_a_new_upload_waits_for_its_scan_and_its_findings_keep_it_withheld(
        app, public_site, create_with_upload, scan_worker):
    site = public_site
    res = _add_file(create_with_upload, site, PEOPLE_CSV, "meibo.csv", "名簿")
    # at once: the public (anonymous, a user, a mere member) gets neither
    # the file nor its URL; the provider sees both and why it waits
    for who in (None, site["outsider"], site["member"]):
        _assert_withheld(app, site, res, who)
    waiting = _provider_view(app, site, res)
    assert waiting["hold"] == {"state": "pending", "scan_status": "queued"}
    assert "スキャン待ち" in waiting["page"]

    scan_worker()  # the scan runs: names, e-mails, mobile numbers, 個人番号
    found = call_action("tdpf_scan_show", {"user": site["editor"]["name"]},
                        resource_id=res["id"])
    assert found["status"] == "done" and {"person_name", "email", "my_number"} <= {
        f["rule"] for f in found["findings"] if f["severity"] == "blocking"}
    for who in (None, site["outsider"]):
        _assert_withheld(app, site, res, who)
    blocked = _provider_view(app, site, res)
    assert blocked["hold"]["state"] == "blocked" and blocked["hold"]["findings"] >= 3
    assert 'data-hold="blocked"' in blocked["page"]


def test_a_clean_file_is_served_once_scanned_and_old_files_never_wait(
        app, public_site, create_with_upload, scan_worker):
    site = public_site
    res = _add_file(create_with_upload, site, CLEAN_CSV, "visitors.csv", "来館者数")
    assert app.get(_download(res)).status_code == 409
    assert _found_by_url(app, "visitors") == 0  # not searchable by its URL either
    # a PDF at a remote URL is never read by the scan: it does not wait
    pdf = call_action("resource_create", {"user": site["editor"]["name"]},
                      package_id=site["ds"]["id"], url="https://www.city.koto.lg.jp/a.pdf",
                      format="PDF", name="報告書",
                      tdpf_warranty_attestation=dict(WARRANTY, personal_data_kind="非個人情報"))
    assert app.get(f"/api/3/action/resource_show?id={pdf['id']}").json["result"]["url"] == \
        "https://www.city.koto.lg.jp/a.pdf"

    scan_worker()
    served = app.get(_download(res))
    assert served.status_code == 200 and served.get_data() == CLEAN_CSV.encode()
    shown = app.get(f"/api/3/action/package_show?id={site['ds']['name']}").json["result"]
    mine = next(r for r in shown["resources"] if r["id"] == res["id"])
    assert mine["url"] == res["url"] and "tdpf_scan_hold" not in mine
    # the index has the URL again (reindexed by the job)
    assert _found_by_url(app, "visitors") == 1

    # a file from before scanning existed (no scan at all) is served as it was
    model.Session.execute(sa.text("DELETE FROM tdpf_trust_scan WHERE resource_id = :id"),
                          {"id": res["id"]})
    model.Session.commit()
    assert app.get(_download(res)).status_code == 200

    # a changed file waits again; a provider's edit never stores the hold
    _add_file(create_with_upload, site, CLEAN_CSV + "2024,17001\r\n", "visitors.csv",
              "来館者数", action="resource_update", id=res["id"])
    assert app.get(_download(res)).status_code == 409
    shown = call_action("package_show", {"user": site["editor"]["name"], "ignore_auth": False},
                        id=site["ds"]["id"])
    assert any("tdpf_scan_hold" in r for r in shown["resources"])
    call_action("package_update", {"user": site["editor"]["name"]}, **shown)
    stored = model.Session.execute(sa.text("SELECT extras FROM resource WHERE id = :id"),
                                   {"id": res["id"]}).scalar()
    assert "tdpf_scan_hold" not in json.loads(stored or "{}")
