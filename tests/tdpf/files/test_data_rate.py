"""The file dimension of the data rate, where people look: a resource's
L1/L2/L3 scores, findings and fixes on its page (Japanese, English); the
dataset page's file level beside the metadata score and the overall rating;
the search facet, filter and sort on the file level; the /data-rate
report's file levels per organisation (chart and CSV) and the rules failed
most often; tdpf_data_rate_show. A gated file's scores show (dataset page,
API), its cell values only to those who may read it."""
from __future__ import annotations

import csv
import io
import re

import pytest

from ckan.lib import jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import facets, queues
from ckanext.tdpf.datarate import files as file_rate

from tests import factories as tdpf_factories
from tests.tdpf_market.conftest import CONDITIONAL, _user

# L1 100, L2 100, L3 100: level 3
GOOD = "名称,人数\r\n市民会館,10\r\n図書館,20\r\n".encode()
# a row with a field too many (L1-15, FATAL), a full-width space (L1-06),
# "名称" read as a title (L1-04, L3-01): L1 0, L2 100, L3 0 -> level 0
SECRET = "秘密地点v8k2"
BAD = f"名称,人数\r\n市民会館,10,余分\r\n{SECRET}　本館,20\r\n".encode()
NO_RATE = pytest.mark.ckan_config("ckanext.tdpf.outbound.rate_limit", "0")
pytestmark = [pytest.mark.usefixtures("clean_db", "clean_queues"),
              NO_RATE]


def _run_file_jobs() -> None:
    for job in jobs.get_queue(queues.FILES).jobs:
        job.perform()
        job.delete()


def _token(user: dict | None) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}


@pytest.fixture
def rated(file_server):
    """org-a: a-good (a level 3 CSV), a-bad (a level 0 CSV); org-b: b-none
    (no file); each file fetched and analysed by the pipeline's jobs."""
    editor, operator = factories.UserWithToken(), factories.SysadminWithToken()
    org_a = factories.Organization(name="org-a", title="千代田区",
                                   users=[{"name": editor["name"], "capacity": "editor"}])
    org_b = factories.Organization(name="org-b", title="新宿区")
    good = tdpf_factories.Dataset(name="a-good", owner_org=org_a["id"], resources=[
        {"url": file_server.serve("/good.csv", GOOD), "format": "CSV", "name": "良い表"}])
    bad = tdpf_factories.Dataset(name="a-bad", owner_org=org_a["id"], resources=[
        {"url": file_server.serve("/bad.csv", BAD), "format": "CSV", "name": "悪い表"}])
    tdpf_factories.Dataset(name="b-none", owner_org=org_b["id"])
    _run_file_jobs()
    return {"good": good, "bad": bad, "editor": editor, "operator": operator}


def test_levels_and_scores():
    assert file_rate.file_level({"L1": 100, "L2": 79, "L3": 100}) == 1
    assert file_rate.file_level({"L1": 80, "L2": None, "L3": 85}) == 3
    assert file_rate.file_level({"L1": 0, "L2": 100, "L3": 100}) == 0
    assert file_rate.file_level(None) is None and file_rate.file_score({}) is None
    assert file_rate.file_score({"L1": 0, "L2": 100, "L3": 0}) == 33
    # 60% metadata (as a share of 405 points), 40% files; metadata alone without a file
    assert file_rate.overall(405, 0) == {"score": 60, "max_score": 100, "rating": "good",
                                         "files_counted": True, "weights": [60, 40]}
    assert file_rate.overall(405, None)["rating"] == "excellent"


def test_resource_page_shows_levels_findings_and_fixes(app, rated):
    bad = rated["bad"]["resources"][0]
    html = app.get(f"/dataset/a-bad/resource/{bad['id']}").get_data(as_text=True)
    levels = dict(re.findall(r'<td data-level="(L\d)">([^<]*)</td>', html))
    assert levels == {"L1": "0", "L2": "100", "L3": "0"}
    assert 'class="tdpf-file-level" data-level="0">レベル1未満' in html
    rules = re.findall(r'<tr data-rule="([^"]+)">', html)
    assert {"L1-15", "L1-06", "L1-04"} <= set(rules)
    assert "スペースや改行等で体裁を整えていないか" in html and SECRET in html  # open data
    english = app.get(f"/en/dataset/a-bad/resource/{bad['id']}").get_data(as_text=True)
    assert "Remove spaces" in english
    assert "Below level 1" in english

    good = rated["good"]["resources"][0]
    page = app.get(f"/dataset/a-good/resource/{good['id']}").get_data(as_text=True)
    assert 'data-level="3">レベル3' in page and "tdpf-file-clean" in page


def test_dataset_page_and_action_show_the_file_dimension_and_overall(app, rated):
    html = app.get("/dataset/a-bad").get_data(as_text=True)
    dim = re.search(r'class="tdpf-file-dimension" data-file-score="(\d+)" '
                    r'data-file-level="(\d+)"', html)
    assert dim and dim.groups() == ("33", "0")
    shown = app.get("/api/3/action/tdpf_data_rate_show?id=a-bad").json["result"]
    assert shown["file_dimension"] == {"score": 33, "level": 0, "checked": 1, "seen": 1,
                                       "level_label": "レベル1未満"}
    [res] = shown["files"]
    assert res["levels"] == {"L1": 0, "L2": 100, "L3": 0} and "L1-15" in res["failed"]
    finding = next(f for f in res["findings"] if f["rule_id"] == "L1-15")
    assert finding["cell"] and finding["fix_ja"] and finding["fix_en"]
    # the combination documented in docs/datarate.md
    expected = round(0.6 * 100 * shown["score"] / 405 + 0.4 * 33)
    assert shown["overall"]["score"] == expected and shown["overall"]["files_counted"]
    assert f'data-overall="{expected}"' in html
    none = call_action("tdpf_data_rate_show", {"user": ""}, id="b-none")
    assert none["files"] == [] and none["file_dimension"]["level"] is None
    assert none["overall"]["score"] == round(100 * none["score"] / 405)


def test_search_facet_filter_and_sort_on_the_file_level(app, rated):
    search = call_action("package_search", {"user": ""}, q="*:*",
                         **{"facet.field": ["file_level"]})
    assert search["facets"]["file_level"] == {"3": 1, "0": 1}
    items = {i["name"]: i["display_name"]
             for i in search["search_facets"]["file_level"]["items"]}
    assert items == {"3": "レベル3", "0": "レベル1未満"}
    at_least_1 = call_action("package_search", {"user": ""}, fq="file_level:[1 TO 3]")
    assert [p["name"] for p in at_least_1["results"]] == ["a-good"]
    ordered = call_action("package_search", {"user": ""}, sort=facets.FILE_LEVEL_SORT)
    assert [p["name"] for p in ordered["results"]] == ["a-good", "a-bad", "b-none"]
    # the search page: the facet (a filter when clicked) and the sort option
    page = app.get("/dataset/").get_data(as_text=True)
    assert "ファイルのレベル" in page and facets.FILE_LEVEL_SORT in page
    filtered = app.get("/dataset/?file_level=3").get_data(as_text=True)
    assert "/dataset/a-good" in filtered and "/dataset/a-bad" not in filtered


def test_report_has_file_levels_per_organisation_and_failed_rules(app, rated):
    headers = _token(rated["operator"])
    html = app.get("/data-rate", headers=headers).get_data(as_text=True)
    chart = html.split('class="tdpf-chart-file-levels"', 1)[1].split("</figure>", 1)[0]
    org_a = chart.split('data-key="org-a">', 1)[1].split("</g>", 1)[0]
    assert dict(re.findall(r'data-rating="(\w+)" data-count="(\d+)"', org_a)) == {
        "3": "1", "0": "1"}
    org_b = chart.split('data-key="org-b">', 1)[1].split("</g>", 1)[0]
    assert dict(re.findall(r'data-rating="(\w+)" data-count="(\d+)"', org_b)) == {"none": "1"}
    rules = dict(re.findall(r'<tr data-rule="([^"]+)"><td><code>[^<]+</code></td>'
                            r'<td>[^<]*</td><td>(\d+)</td>', html))
    assert rules["L1-15"] == "1" and rules["L1-06"] == "1"
    assert 'class="tdpf-chart-rules"' in html

    body = app.get("/data-rate.csv", headers=headers).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    header = rows[0]
    start = header.index("レベル3")
    assert header[start:start + 6] == ["レベル3", "レベル2", "レベル1", "レベル1未満",
                                       "ファイル未確認", "ファイルの平均スコア"]
    by_key = {r[1]: r for r in rows[1:] if r[0] == "組織"}
    assert by_key["org-a"][start:start + 6] == ["1", "0", "0", "1", "0", "66.5"]
    assert by_key["org-b"][start:start + 6] == ["0", "0", "0", "0", "1", ""]

    summary = call_action("tdpf_data_rate_summary", {"user": rated["editor"]["name"]},
                          mine=True)
    assert [r["key"] for r in summary["failed_rules"]][:1] and all(
        r["count"] == 1 for r in summary["failed_rules"])
    assert summary["total"]["file_levels"] == {"3": 1, "2": 0, "1": 0, "0": 1, "none": 0}


def test_a_gated_files_scores_show_but_its_cells_only_with_a_grant(app, file_server):
    provider = factories.UserWithToken()
    org = factories.Organization(users=[{"name": provider["name"], "capacity": "admin"}])
    ds = tdpf_factories.Dataset(name="gated", owner_org=org["id"], **CONDITIONAL, resources=[
        {"url": file_server.serve("/gated.csv", BAD), "format": "CSV", "name": "条件付き"}])
    rid = ds["resources"][0]["id"]
    _run_file_jobs()
    member = _user("corp-member", "corporation", "free")
    outsider = factories.User()
    page = f"/dataset/gated/resource/{rid}"
    for who in (None, member, outsider):
        shown = call_action("tdpf_data_rate_show", {"user": who["name"] if who else ""},
                            id="gated")
        [res] = shown["files"]
        assert res["levels"] == {"L1": 0, "L2": 100, "L3": 0} and res["content_withheld"]
        assert SECRET not in repr(shown)
        # the resource page is the market's to refuse; the dataset page shows the level
        refused = app.get(page, headers=_token(who))
        assert refused.status_code == 403 and SECRET not in refused.get_data(as_text=True)
        html = app.get("/dataset/gated", headers=_token(who)).get_data(as_text=True)
        assert 'data-file-score="33" data-file-level="0"' in html and SECRET not in html
        api = app.get("/api/3/action/tdpf_data_rate_show?id=gated", headers=_token(who))
        assert SECRET not in api.get_data(as_text=True)
    own = call_action("tdpf_data_rate_show", {"user": provider["name"]}, id="gated")
    assert SECRET in repr(own) and not own["files"][0]["content_withheld"]
    assert SECRET in app.get(page, headers=_token(provider)).get_data(as_text=True)
    # a member whose access request is approved reads the cells too
    request = call_action("tdpf_access_request_create", {"user": member["name"]},
                          dataset_id=ds["id"], purpose="研究", accepted_conditions=True)
    call_action("tdpf_access_request_decide", {"user": provider["name"]}, id=request["id"],
                decision="approve")
    granted = app.get(page, headers=_token(member)).get_data(as_text=True)
    assert SECRET in granted and "tdpf-file-withheld" not in granted
