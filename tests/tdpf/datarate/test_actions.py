"""tdpf_data_rate_show / tdpf_data_rate_summary: same visibility as
package_show, counts only over datasets the caller may see; sort and facet
by the data rate through package_search."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.datarate import linkcheck

from tests import factories as tdpf_factories


def full_metadata(base: str) -> dict:
    """Every indicator filled; links on the test server."""
    return dict(
        notes="区内の指定緊急避難場所", tags=[{"name": "防災"}], theme=["justice_environment"],
        municipality_codes=["131016"], temporal_start="2024-01-01", temporal_end="2024-12-31",
        access_rights="PUBLIC", maintainer="防災課", maintainer_email="bousai@example.jp",
        terms_of_use_notices="出典を明記してください", license_id="pdl-1.0",
        resources=[{"url": f"{base}/ok.csv", "format": "CSV", "mimetype": "text/csv",
                    "size": 1024, "issued": "2024-04-01", "modified": "2024-05-01"}])


def ctx(user: dict | None) -> dict:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def test_show_follows_package_visibility(site):
    shown = call_action("tdpf_data_rate_show", ctx(site["member"]), id="a-secret")
    assert shown["name"] == "a-secret" and 0 <= shown["score"] <= 405
    for who in (None, site["outsider"]):
        with pytest.raises(tk.NotAuthorized):
            call_action("tdpf_data_rate_show", ctx(who), id="a-secret")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_data_rate_show", ctx(None), id="no-such-dataset")
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_data_rate_show", ctx(None))


def _org_counts(summary: dict) -> dict[str, int]:
    return {row["key"]: row["count"] for row in summary["organizations"]}


def test_summary_counts_only_visible_datasets(site):
    anon = call_action("tdpf_data_rate_summary", ctx(None))
    assert anon["total"]["count"] == 3
    assert _org_counts(anon) == {"org-a": 2, "org-b": 1}
    assert sum(anon["total"]["ratings"].values()) == 3

    member = call_action("tdpf_data_rate_summary", ctx(site["member"]))
    assert member["total"]["count"] == 4
    assert _org_counts(member) == {"org-a": 3, "org-b": 1}

    other = call_action("tdpf_data_rate_summary", ctx(site["outsider"]))
    assert _org_counts(other) == {"org-a": 2, "org-b": 1}

    operator = call_action("tdpf_data_rate_summary", ctx(site["operator"]))
    assert operator["total"]["count"] == 4


def test_summary_mine_and_organization_filters(site):
    mine = call_action("tdpf_data_rate_summary", ctx(site["member"]), mine=True)
    assert _org_counts(mine) == {"org-a": 3} and mine["total"]["count"] == 3
    nobody = call_action("tdpf_data_rate_summary", ctx(None), mine=True)
    assert nobody["total"]["count"] == 0 and nobody["organizations"] == []
    one = call_action("tdpf_data_rate_summary", ctx(site["outsider"]), organization="org-a")
    assert _org_counts(one) == {"org-a": 2}
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_data_rate_summary", ctx(None), organization="nope")


def test_summary_mean_score_matches_the_datasets(site):
    admin = ctx(site["operator"])
    scores = [call_action("tdpf_data_rate_show", admin, id=n)["score"]
              for n in ("a-rich", "a-bare", "a-secret")]
    row = next(r for r in call_action("tdpf_data_rate_summary", admin)["organizations"]
               if r["key"] == "org-a")
    assert len(set(scores)) > 1  # a mean of different scores
    assert row["mean_score"] == round(sum(scores) / 3, 1)


def test_check_action_needs_edit_rights(site):
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_data_rate_check", ctx(site["outsider"]), id="a-rich")
    job = call_action("tdpf_data_rate_check", ctx(site["member"]), id="a-rich")
    assert job["job_id"].startswith("tdpf-linkcheck-")


@pytest.mark.usefixtures("clean_db", "clean_queues")
def test_sort_and_facet_by_data_rate(link_server):
    base, _seen = link_server
    org = factories.Organization()
    best = tdpf_factories.Dataset(name="best", title="満点", owner_org=org["id"],
                                  **full_metadata(base))
    tdpf_factories.Dataset(name="bare", title="最小限", owner_org=org["id"])
    tdpf_factories.Dataset(name="middle", title="中間", owner_org=org["id"], notes="説明",
                           tags=[{"name": "人口"}], theme=["population"])
    linkcheck.check_dataset(best["id"])
    assert call_action("tdpf_data_rate_show", id="best")["score"] == 405

    by_rate = call_action("package_search", sort="data_rate_score desc")["results"]
    assert [d["name"] for d in by_rate] == ["best", "middle", "bare"]
    by_rate_asc = call_action("package_search", sort="data_rate_score asc")["results"]
    assert [d["name"] for d in by_rate_asc] == ["bare", "middle", "best"]

    excellent = call_action("package_search", fq="data_rate_rating:excellent")
    assert [d["name"] for d in excellent["results"]] == ["best"]
    facets = call_action("package_search", **{"facet.field": '["data_rate_rating"]'})
    # middle: keyword 30 + theme 30 + DCAT-AP 30 (no distribution to lack a
    # URL) + licence 20 + from the list 10 + publisher 10 = 130 (sufficient);
    # bare: the same without keyword and theme = 70 (bad)
    assert call_action("tdpf_data_rate_show", id="middle")["score"] == 130
    assert facets["facets"]["data_rate_rating"] == {"excellent": 1, "sufficient": 1, "bad": 1}


def test_http_api_answers_403_404_and_200(app, site):
    base = "/api/3/action/tdpf_data_rate_show"
    assert app.get(f"{base}?id=a-secret", status=403).json["success"] is False
    assert app.get(f"{base}?id=missing", status=404).json["success"] is False
    assert app.get(base, status=409).json["error"]["id"]
    shown = app.get(f"{base}?id=a-rich").json["result"]
    assert shown["rating_label"] in {"優", "良", "可", "不可"}
    assert {d["key"] for d in shown["dimensions"]} == {
        "findability", "accessibility", "interoperability", "reusability", "contextuality"}
    summary = app.get("/api/3/action/tdpf_data_rate_summary").json["result"]
    assert summary["total"]["count"] == 3  # the private dataset is not counted
