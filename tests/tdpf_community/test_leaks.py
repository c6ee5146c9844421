"""Nothing posted about a private dataset reaches those who cannot see it:
every GET route of the community plugin, the dataset's pages, the search
and the community's read actions, walked anonymously and as a signed-in
stranger, never show a marker written into its comment, error report,
rating reason and a report of it."""
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
    return {"comment": comment, "dataset": world["private"]}


def _urls(app, posted) -> list[str]:
    values = {"id": posted["comment"]["id"]}
    urls = ["/dataset/chiyoda-draft", f"/dataset/{posted['dataset']['id']}",
            "/dataset/?q=公開前の確認", "/dataset/?sort=tdpf_rating_average+desc",
            "/datarequest?q=公開前の確認", "/dashboard/notices", "/dashboard/datasets"]
    for rule in app.flask_app.url_map.iter_rules():
        if rule.endpoint.startswith("tdpf_community_") and "GET" in (rule.methods or ()):
            urls.append(rule.build(values, append_unknown=False)[1] if rule.arguments
                        else rule.rule)
    pkg = posted["dataset"]["id"]
    for action, params in (("tdpf_comment_list", f"subject_id={pkg}"),
                           ("tdpf_rating_show", f"package_id={pkg}"),
                           ("tdpf_community_report_list", ""), ("tdpf_notice_list", ""),
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
    leaks = [url for url in urls
             if MARKER in app.get(url, headers=headers).get_data(as_text=True)]
    assert not leaks
    # the marker is there for those who may see the dataset (the walk would find it)
    editor = {"Authorization": ckan_factories.APIToken(
        user=world["chiyoda-editor"]["id"])["token"]}
    assert MARKER in app.get("/dataset/chiyoda-draft", headers=editor).get_data(as_text=True)
