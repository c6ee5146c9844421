"""The scan pages: the dataset page tells its editors (only them) about open
findings, the dataset's scan page lists them masked and resolves them; the
operators' queue lists what is still open."""
from __future__ import annotations

import contextlib

import pytest

from ckan.lib import jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import queues

from tests import factories as tdpf_factories

PEOPLE_CSV = ("氏名,生年月日,電話番号\r\n山田 太郎,1980-04-01,090-1234-5678\r\n"
              "佐藤 花子,1975-12-03,080-2345-6789\r\n")


def _headers(user: dict) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


@pytest.mark.usefixtures("clean_db", "clean_queues")
@pytest.mark.ckan_config("WTF_CSRF_ENABLED", False)
def test_editor_sees_and_resolves_findings_operator_sees_queue(app, create_with_upload):
    org = factories.Organization()
    editor, outsider, sysadmin = factories.User(), factories.User(), factories.Sysadmin()
    call_action("organization_member_create", id=org["id"], username=editor["name"],
                role="editor")
    ds = tdpf_factories.Dataset(owner_org=org["id"], private=True, title="会員名簿")
    res = create_with_upload(PEOPLE_CSV.encode("utf-8"), "meibo.csv", package_id=ds["id"],
                             name="名簿", format="CSV", context={"user": editor["name"]})
    for job in jobs.get_queue(queues.PRIORITY).jobs:
        if job.id.startswith("tdpf-scan-"):
            job.perform()

    page = app.get(f"/dataset/{ds['name']}", headers=_headers(editor))
    assert 'data-scan="blocking"' in page.body and f"/dataset/{ds['name']}/scan" in page.body
    assert "3件の検出を解決する必要があります" in page.body
    for who in (None, outsider):
        assert app.get(f"/dataset/{ds['name']}/scan",
                       headers=_headers(who) if who else {}).status_code in (403, 404)

    resource_page = app.get(f"/dataset/{ds['name']}/resource/{res['id']}",
                            headers=_headers(editor))
    assert 'data-scan="blocking"' in resource_page.body and "スキャン済み" in resource_page.body

    scan_page = app.get(f"/dataset/{ds['name']}/scan", headers=_headers(editor))
    assert scan_page.status_code == 200
    assert "山田" not in scan_page.body and "090-1234-5678" not in scan_page.body
    assert "山＊ ＊＊" in scan_page.body and "***-****-**78" in scan_page.body
    # in Japanese (the default locale)
    assert "個人情報スキャン" in scan_page.body and "公開不可" in scan_page.body
    assert "誤検出とする" in scan_page.body and "個人の氏名" in scan_page.body
    findings = call_action("tdpf_scan_show", resource_id=res["id"])["findings"]
    assert {f["rule"] for f in findings} == {"person_name", "birth_date", "phone"}

    queue = app.get("/ckan-admin/trust/scan", headers=_headers(sysadmin))
    assert queue.status_code == 200 and queue.body.count("data-finding=") == 3
    assert app.get("/ckan-admin/trust/scan", headers=_headers(editor)).status_code == 403

    short = app.post(f"/dataset/{ds['name']}/scan/finding/{findings[0]['id']}",
                     data={"reason": "x"}, headers=_headers(editor))
    assert short.status_code == 200 and "data-severity=\"blocking\"" in short.body
    assert call_action("tdpf_scan_show", resource_id=res["id"])["open_blocking"] == 3
    assert app.post(f"/dataset/{ds['name']}/scan/finding/{findings[0]['id']}",
                    data={"reason": "架空の氏名です"}, headers=_headers(outsider)).status_code == 403
    for finding in findings:
        app.post(f"/dataset/{ds['name']}/scan/finding/{finding['id']}",
                 data={"reason": "架空の人物によるサンプル"}, headers=_headers(editor))
    assert call_action("tdpf_scan_show", resource_id=res["id"])["open_blocking"] == 0
    page = app.get(f"/dataset/{ds['name']}", headers=_headers(editor))
    assert 'data-scan="clear"' in page.body
    queue = app.get("/ckan-admin/trust/scan", headers=_headers(sysadmin))
    assert "data-finding=" not in queue.body

    # public now: the public and other organisations see nothing of the scan
    with contextlib.suppress(KeyError):  # no warranty feature: nothing to warrant
        call_action("tdpf_warranty_create", id=ds["id"], personal_data_kind="非個人情報",
                    personal_data=True, consent=True, accuracy=True, right_to_provide=True,
                    legal_compliance=True)
    call_action("package_patch", {"user": editor["name"]}, id=ds["id"], private=False)
    for who in (None, outsider):
        shown = app.get(f"/dataset/{ds['name']}", headers=_headers(who) if who else {})
        assert shown.status_code == 200 and "tdpf-scan-notice" not in shown.body
        shown = app.get(f"/dataset/{ds['name']}/resource/{res['id']}",
                        headers=_headers(who) if who else {})
        assert shown.status_code == 200 and "tdpf-scan-notice" not in shown.body
        assert app.get(f"/dataset/{ds['name']}/scan",
                       headers=_headers(who) if who else {}).status_code == 403
