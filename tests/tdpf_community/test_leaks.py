"""Nothing posted about a private dataset reaches those who cannot see it:
every GET route of the community plugin, the dataset's pages, the search
and the community's read actions, walked anonymously and as a signed-in
stranger, never show a marker written into its comment, error report,
rating reason and a report of it, nor the private dataset's title through
a public showcase using it, nor a pending or rejected showcase of someone
else (its pages, the list, the queue, the home page)."""
from __future__ import annotations

import pytest

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from tests.tdpf_community.conftest import ctx

MARKER = "secret-marker-c4m9"


@pytest.fixture
def posted(world):
    editor = ctx(world["chiyoda-editor"])
    comment = call_action("tdpf_comment_create", dict(editor), subject_id="chiyoda-draft",
                          kind="error", row=MARKER, body=f"{MARKER} 公開前の確認")
    call_action("tdpf_comment_create", dict(editor), subject_id="chiyoda-draft",
                parent_id=comment["id"], kind="answer", body=f"{MARKER} 返信")
    call_action("tdpf_rating_create", dict(editor), package_id="chiyoda-draft", score=2,
                reason=f"{MARKER} 評価")
    call_action("tdpf_community_report_create", dict(editor), object_type="comment",
                object_id=comment["id"], reason=f"{MARKER} 通報")
    # showcases: a public one using the private dataset (whose title holds the
    # marker), a pending and a rejected one of someone outside the walk
    call_action("package_patch", {"ignore_auth": True, "user": world["operator"]["name"]},
                id="chiyoda-draft",
                title=f"{MARKER} 下書きデータ")
    public = call_action("tdpf_showcase_create", dict(editor), title="公開の事例",
                         description="避難所と下書きを使う", author="千代田区",
                         datasets=["chiyoda-shelters", "chiyoda-draft"])
    operator = ctx(world["operator"])
    call_action("tdpf_showcase_approve", dict(operator), id=public["id"])
    hanako = ctx(world["hanako"])
    pending = call_action("tdpf_showcase_create", dict(hanako), title=f"{MARKER} 承認待ち",
                          description=f"{MARKER} 説明", author="花子",
                          datasets=["chiyoda-shelters"])
    rejected = call_action("tdpf_showcase_create", dict(hanako), title="差し戻しの事例",
                           description="差し戻される", author="花子",
                           datasets=["chiyoda-shelters"])
    call_action("tdpf_showcase_reject", dict(operator), id=rejected["id"],
                reason=f"{MARKER} 理由")
    return {"comment": comment, "dataset": world["private"],
            "showcases": [public["id"], pending["id"], rejected["id"]]}


def _urls(app, posted) -> list[str]:
    values = {"id": posted["comment"]["id"]}
    urls = ["/dataset/chiyoda-draft", f"/dataset/{posted['dataset']['id']}",
            "/dataset/?q=公開前の確認", "/dataset/?sort=tdpf_rating_average+desc",
            "/datarequest?q=公開前の確認", "/dashboard/notices", "/dashboard/datasets"]
    urls += ["/showcase?dataset=chiyoda-draft", f"/showcase?dataset={posted['dataset']['id']}",
             "/showcase?mine=true", "/showcase?state=pending", "/showcase?q=承認待ち", "/"]
    for rule in app.flask_app.url_map.iter_rules():
        if rule.endpoint.startswith("tdpf_community_") and "GET" in (rule.methods or ()):
            ids = posted["showcases"] if rule.endpoint.startswith(
                "tdpf_community_showcases") else [values["id"]]
            urls += [rule.build({"id": i}, append_unknown=False)[1] for i in ids] \
                if rule.arguments else [rule.rule]
    pkg = posted["dataset"]["id"]
    for action, params in (("tdpf_comment_list", f"subject_id={pkg}"),
                           ("tdpf_rating_show", f"package_id={pkg}"),
                           ("tdpf_community_report_list", ""), ("tdpf_notice_list", ""),
                           ("tdpf_community_queue", ""),
                           ("tdpf_showcase_list", f"dataset={pkg}"),
                           ("tdpf_showcase_list", "mine=true"),
                           ("tdpf_showcase_list", "state=pending"),
                           *(("tdpf_showcase_show", f"id={i}") for i in posted["showcases"]),
                           ("package_search", "q=公開前の確認"),
                           ("package_search", "q=&facet.field=[\"tdpf_rating_band\"]")):
        urls.append(f"/api/3/action/{action}?{params}")
    return urls


@pytest.mark.parametrize("who", ["anonymous", "taro", "koto-editor"])
def test_no_route_shows_a_private_datasets_posts(app, world, posted, who):
    headers = {} if who == "anonymous" else {
        "Authorization": ckan_factories.APIToken(user=world[who]["id"])["token"]}
    urls = _urls(app, posted)
    assert "/datarequest" in urls and "/community/moderation" in urls
    assert f"/showcase/{posted['showcases'][1]}" in urls
    leaks = [url for url in urls
             if MARKER in app.get(url, headers=headers).get_data(as_text=True)]
    assert not leaks
    # the marker is there for those who may see the dataset (the walk would find it)
    editor = {"Authorization": ckan_factories.APIToken(
        user=world["chiyoda-editor"]["id"])["token"]}
    assert MARKER in app.get("/dataset/chiyoda-draft", headers=editor).get_data(as_text=True)
    public, pending, _rejected = posted["showcases"]
    assert MARKER in app.get(f"/showcase/{public}", headers=editor).get_data(as_text=True)
    operator = {"Authorization": ckan_factories.APIToken(user=world["operator"]["id"])["token"]}
    assert MARKER in app.get(f"/showcase/{pending}", headers=operator).get_data(as_text=True)
