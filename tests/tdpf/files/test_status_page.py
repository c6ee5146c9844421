"""The operators' page of the file pipeline (/ckan-admin/files): counts
per state, the queue's depth, the latest problems, each resource's state
(filtered by state); linked from the admin area; refused (403) to anyone
but operators, bad filters a 400."""
from __future__ import annotations

import re

import pytest

from ckan.lib import jobs
from ckan.tests import factories

from ckanext.tdpf import queues

from tests import factories as tdpf_factories

CSV = "名称,人数\r\n市民会館,10\r\n".encode()
pytestmark = [pytest.mark.usefixtures("clean_db", "clean_queues"),
              pytest.mark.ckan_config("ckanext.tdpf.outbound.rate_limit", "0")]


def _headers(user: dict | None) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}


def test_operator_sees_states_queue_and_problems(app, file_server):
    operator, editor = factories.Sysadmin(), factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    ok = tdpf_factories.Dataset(owner_org=org["id"], resources=[
        {"url": file_server.serve("/ok.csv", CSV), "format": "CSV", "name": "良い表"}])
    gone = tdpf_factories.Dataset(owner_org=org["id"], resources=[
        {"url": file_server.url + "/gone.csv", "format": "CSV", "name": "消えた表"}])
    waiting = tdpf_factories.Dataset(owner_org=org["id"], resources=[
        {"url": file_server.serve("/later.csv", CSV), "format": "CSV", "name": "待ち"}])
    queue = jobs.get_queue(queues.FILES)
    for job in list(queue.jobs):
        if job.args[0] != waiting["resources"][0]["id"]:
            job.perform()
            job.delete()

    for who in (None, editor):
        assert app.get("/ckan-admin/files", headers=_headers(who)).status_code == 403
    html = app.get("/ckan-admin/files", headers=_headers(operator)).get_data(as_text=True)
    counts = dict(re.findall(r'<td data-state="(\w+)">(\d+)</td>', html))
    assert counts == {"queued": "1", "checked": "1", "too_large": "0", "unreachable": "1",
                      "not_tabular": "0", "error": "0"}
    assert 'data-depth="1"' in html  # the waiting job
    problems = html.split('class="table table-striped tdpf-files-problems"', 1)[1]
    problems = problems.split("</table>", 1)[0]
    assert gone["resources"][0]["id"] in problems and "404" in problems
    assert "取得できませんでした" in problems
    rows = re.findall(r'<tr data-resource="([^"]+)" data-state="(\w+)">',
                      html.split("tdpf-files-resources", 1)[1])
    assert dict(rows) == {ok["resources"][0]["id"]: "checked",
                          gone["resources"][0]["id"]: "unreachable",
                          waiting["resources"][0]["id"]: "queued"}
    assert 'href="/ckan-admin/files"' in html  # the admin area's tab

    only = app.get("/ckan-admin/files?state=unreachable",
                   headers=_headers(operator)).get_data(as_text=True)
    listed = re.findall(r'<tr data-resource="([^"]+)"', only.split("tdpf-files-resources", 1)[1])
    assert listed == [gone["resources"][0]["id"]]
    for bad in ("state=nope", "offset=x"):
        assert app.get(f"/ckan-admin/files?{bad}", headers=_headers(operator)).status_code == 400
    # the admin area links the page
    admin = app.get("/ckan-admin", headers=_headers(operator)).get_data(as_text=True)
    assert 'href="/ckan-admin/files"' in admin and "ファイルの確認" in admin
