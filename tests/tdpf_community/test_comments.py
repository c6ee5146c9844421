"""Comments, ratings and moderation through the Action API: threads, error
reports routed to the provider, the provider's answers marked, ratings as
average and count (and in the search index), reports and hiding, the rate
limit and the text filters; nothing of a private dataset to those who
cannot see it."""
from __future__ import annotations

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib import search
from ckan.tests.helpers import call_action

from tests import factories
from tests.tdpf_community.conftest import ctx, notices


def _comment(user, body, **fields):
    return call_action("tdpf_comment_create", ctx(user), subject_id="chiyoda-shelters",
                       body=body, **fields)


def test_question_error_report_and_provider_answer(world):
    resource_id = world["public"]["resources"][0]["id"]
    question = _comment(world["taro"], "収容人数の単位は人ですか？", kind="question")
    error = _comment(world["hanako"], "住所が旧町名のままです", kind="error",
                     resource_id=resource_id, row="12")
    answer = _comment(world["chiyoda-editor"], "はい、人です。", kind="answer",
                      parent_id=question["id"])
    assert answer["by_provider"] is True and question["by_provider"] is False
    # a reply to the answer joins the same thread
    reply = _comment(world["taro"], "ありがとうございます", parent_id=answer["id"])
    assert reply["parent_id"] == question["id"]

    listed = call_action("tdpf_comment_list", ctx(None), subject_id="chiyoda-shelters")
    assert listed["count"] == 4
    threads = {t["id"]: t for t in listed["comments"]}
    assert [r["id"] for r in threads[question["id"]]["replies"]] == [answer["id"], reply["id"]]
    assert threads[error["id"]]["row"] == "12"
    assert threads[error["id"]]["resource_id"] == resource_id

    # the provider is told of the error with the resource and row; the asker of the answer
    [error_notice] = [n for n in notices(world["chiyoda-editor"]) if "住所が旧町名" in n["body"]]
    assert resource_id in error_notice["body"] and "12" in error_notice["body"]
    assert any("はい、人です" in n["body"] for n in notices(world["taro"]))

    with pytest.raises(tk.ValidationError) as bad:
        _comment(world["taro"], "x", kind="error", resource_id="not-a-resource-of-it")
    assert "resource_id" in bad.value.error_dict
    with pytest.raises(tk.ValidationError) as bad:
        _comment(world["taro"], "x", kind="answer")
    assert "parent_id" in bad.value.error_dict


def test_a_private_datasets_comments_and_ratings_stay_with_those_who_see_it(world):
    call_action("tdpf_comment_create", ctx(world["chiyoda-editor"]),
                subject_id="chiyoda-draft", body="公開前の確認メモ")
    call_action("tdpf_rating_create", ctx(world["chiyoda-editor"]),
                package_id="chiyoda-draft", score=4)
    assert call_action("tdpf_comment_list", ctx(world["chiyoda-editor"]),
                       subject_id="chiyoda-draft")["count"] == 1
    for user in (None, world["taro"], world["koto-editor"]):
        for action, data in (("tdpf_comment_list", {"subject_id": "chiyoda-draft"}),
                             ("tdpf_rating_show", {"package_id": "chiyoda-draft"})):
            with pytest.raises(tk.ObjectNotFound):
                call_action(action, ctx(user), **data)
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_comment_create", ctx(world["taro"]), subject_id="chiyoda-draft",
                    body="見えないはず")
    comment_id = call_action("tdpf_comment_list", ctx(world["chiyoda-editor"]),
                             subject_id="chiyoda-draft")["comments"][0]["id"]
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_community_report_create", ctx(world["taro"]),
                    object_type="comment", object_id=comment_id, reason="x")


def test_rating_average_count_and_index(world):
    call_action("tdpf_rating_create", ctx(world["taro"]), package_id="chiyoda-shelters",
                score=5, reason="防災訓練の準備に役立った")
    call_action("tdpf_rating_create", ctx(world["hanako"]), package_id="chiyoda-shelters",
                score=2)
    # rating again replaces one's own rating
    shown = call_action("tdpf_rating_create", ctx(world["hanako"]),
                        package_id="chiyoda-shelters", score=4)
    assert (shown["average"], shown["count"]) == (4.5, 2)
    assert shown["mine"] == {"score": 4, "reason": ""}
    assert [r["reason"] for r in shown["reasons"]] == ["防災訓練の準備に役立った"]
    for score in (0, 6, "five"):
        with pytest.raises(tk.ValidationError):
            call_action("tdpf_rating_create", ctx(world["taro"]),
                        package_id="chiyoda-shelters", score=score)
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_rating_create", ctx(None), package_id="chiyoda-shelters", score=3)

    # the search: facet by band, sort highest rated first (unrated last,
    # however recent)
    factories.Dataset(name="koto-parks", title="江東区 公園一覧", owner_org=world["other_org"]["id"])
    call_action("tdpf_rating_create", ctx(world["taro"]), package_id="koto-parks", score=3)
    factories.Dataset(name="koto-toilets", title="江東区 公衆トイレ",
                      owner_org=world["other_org"]["id"])
    found = call_action("package_search", q="", **{"facet.field": '["tdpf_rating_band"]'},
                        sort="tdpf_rating_average desc, metadata_modified desc")
    assert [d["name"] for d in found["results"]] == ["chiyoda-shelters", "koto-parks",
                                                     "koto-toilets"]
    band = found["search_facets"]["tdpf_rating_band"]["items"]
    assert sorted((i["name"], i["count"]) for i in band) == [("3", 1), ("4", 1)]
    assert call_action("package_search", fq="tdpf_rating_band:4")["count"] == 1
    # a rebuild of the whole index (in chunks, ratings prefetched) keeps them
    search.clear_all()
    search.rebuild()
    again = call_action("package_search", q="", sort="tdpf_rating_average desc")
    assert [d["name"] for d in again["results"]][:2] == ["chiyoda-shelters", "koto-parks"]


def test_report_hide_and_show_again(world):
    comment = _comment(world["taro"], "この表は役に立たない、別サイトを見て")
    report = call_action("tdpf_community_report_create", ctx(world["hanako"]),
                         object_type="comment", object_id=comment["id"], reason="宣伝です")
    with pytest.raises(tk.ValidationError):  # once per post
        call_action("tdpf_community_report_create", ctx(world["hanako"]),
                    object_type="comment", object_id=comment["id"], reason="宣伝です")
    assert any("宣伝です" in n["body"] for n in notices(world["operator"]))
    # only operators see the queue and hide
    for user in (world["hanako"], world["chiyoda-editor"], None):
        with pytest.raises(tk.NotAuthorized):
            call_action("tdpf_community_report_list", ctx(user))
        with pytest.raises(tk.NotAuthorized):
            call_action("tdpf_community_hide", ctx(user), object_type="comment",
                        object_id=comment["id"], reason="x")
    queue = call_action("tdpf_community_report_list", ctx(world["operator"]))
    assert [r["id"] for r in queue["results"]] == [report["id"]]
    with pytest.raises(tk.ValidationError) as error:  # hiding needs a reason
        call_action("tdpf_community_hide", ctx(world["operator"]), object_type="comment",
                    object_id=comment["id"])
    assert "reason" in error.value.error_dict
    call_action("tdpf_community_hide", ctx(world["operator"]), object_type="comment",
                object_id=comment["id"], reason="利用規約違反（宣伝）")
    assert call_action("tdpf_comment_list", ctx(None), subject_id="chiyoda-shelters")["count"] == 0
    assert call_action("tdpf_comment_list", ctx(world["taro"]),
                       subject_id="chiyoda-shelters")["count"] == 0
    as_operator = call_action("tdpf_comment_list", ctx(world["operator"]),
                              subject_id="chiyoda-shelters")
    assert as_operator["comments"][0]["hidden_reason"] == "利用規約違反（宣伝）"
    assert any("利用規約違反" in n["body"] for n in notices(world["taro"]))
    assert call_action("tdpf_community_report_list", ctx(world["operator"]))["count"] == 0
    resolved = call_action("tdpf_community_report_list", ctx(world["operator"]), resolved=True)
    assert resolved["results"][0]["outcome"] == "hidden"
    call_action("tdpf_community_hide", ctx(world["operator"]), object_type="comment",
                object_id=comment["id"], hidden=False)
    assert call_action("tdpf_comment_list", ctx(None), subject_id="chiyoda-shelters")["count"] == 1


def test_nobody_edits_anothers_post():
    # no update or delete actions exist for posts: only hiding, by operators;
    # a showcase's submitter changes their own (test_showcases: nobody else)
    from ckanext.tdpf_community.registry import FEATURES
    names = set(FEATURES.exports("actions"))
    assert "tdpf_comment_create" in names and not [n for n in names if n.endswith(("_update", "_delete", "_patch"))
                and not n.startswith(("tdpf_notice", "tdpf_showcase"))]


@pytest.mark.ckan_config("ckanext.tdpf_community.posts_per_hour", "3")
def test_rate_limit_links_and_repeated_text(world):
    with pytest.raises(tk.ValidationError) as error:
        _comment(world["taro"], "http://a.example http://b.example http://c.example を見て")
    assert "body" in error.value.error_dict
    with pytest.raises(tk.ValidationError) as error:
        _comment(world["taro"], "買って" * 12)
    assert "body" in error.value.error_dict
    _comment(world["taro"], "最初の質問です")
    with pytest.raises(tk.ValidationError) as error:
        _comment(world["taro"], "最初の質問です")
    assert "body" in error.value.error_dict
    _comment(world["taro"], "二つ目")
    _comment(world["taro"], "三つ目")
    with pytest.raises(tk.NotAuthorized):
        _comment(world["taro"], "四つ目")
    # operators are never limited
    for n in range(4):
        _comment(world["operator"], f"運営からのお知らせ {n}")


@pytest.mark.skipif(not p.plugin_loaded("harvest"), reason="harvested records need ckanext-harvest")
def test_a_harvested_record_says_its_provider_answers_at_the_source(app, world):
    from ckan import model

    from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource

    harvested = factories.Dataset(
        name="tokyo-parks", title="都立公園一覧", owner_org=world["org"]["id"],
        source_catalog_name="東京都オープンデータカタログ",
        source_catalog_url="https://catalog.metro.tokyo.lg.jp/")
    source = HarvestSource(url="https://catalog.metro.tokyo.lg.jp/", type="ckan")
    job = HarvestJob(source=source)
    model.Session.add_all([source, job, HarvestObject(
        guid=harvested["id"], job=job, source=source, package_id=harvested["id"],
        current=True)])
    model.Session.commit()
    listed = call_action("tdpf_comment_list", ctx(None), subject_id="tokyo-parks")
    assert listed["source_catalog"] == "https://catalog.metro.tokyo.lg.jp/"
    page = app.get("/dataset/tokyo-parks").get_data(as_text=True)
    assert "提供者は収集元のカタログで回答します" in page
    # a record of our own naming a source catalog (not harvested) says nothing of it
    factories.Dataset(name="own-parks", title="千代田区 公園一覧", owner_org=world["org"]["id"],
                      source_catalog_url="https://elsewhere.example.jp/")
    assert call_action("tdpf_comment_list", ctx(None),
                       subject_id="own-parks")["source_catalog"] is None
    assert "提供者は収集元のカタログで回答します" not in app.get(
        "/dataset/own-parks").get_data(as_text=True)


@pytest.mark.skipif(not p.plugin_loaded("tdpf_trust"), reason="suspension is the trust plugin's")
def test_a_suspended_users_posts_are_hidden_and_they_cannot_post(world):
    _comment(world["taro"], "停止前の投稿です")
    call_action("tdpf_datarequest_create", ctx(world["taro"]), title="駐輪場の一覧",
                purpose="調査")
    call_action("tdpf_suspension_create", {"user": world["operator"]["name"]},
                object_type="user", object_id="taro", reason="迷惑行為")
    assert call_action("tdpf_comment_list", ctx(None), subject_id="chiyoda-shelters")["count"] == 0
    assert call_action("tdpf_datarequest_list", ctx(None))["count"] == 0
    assert call_action("tdpf_comment_list", ctx(world["operator"]),
                       subject_id="chiyoda-shelters")["count"] == 1
    with pytest.raises(tk.NotAuthorized):
        _comment(world["taro"], "停止中の投稿")
