"""The operators' queue: open reports and the posts new since the
operator's last review (pending showcases until decided), marked reviewed;
only operators see it; hiding a post (and deciding a showcase) is in the
trust plugin's audit log, reached through the core's IAuditSink."""
from __future__ import annotations

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from tests.tdpf_community.conftest import ctx


def _posts(world) -> dict:
    taro = ctx(world["taro"])
    request = call_action("tdpf_datarequest_create", dict(taro), title="駐輪場の空き状況",
                          purpose="アプリで使いたい")
    comment = call_action("tdpf_comment_create", dict(taro), subject_id="chiyoda-shelters",
                          kind="question", body="収容人数の単位は？")
    showcase = call_action("tdpf_showcase_create", dict(taro), title="避難所ナビ",
                           description="避難所を案内する", author="太郎",
                           datasets=["chiyoda-shelters"])
    return {"request": request, "comment": comment, "showcase": showcase}


def _ids(queue) -> list[str]:
    return [p["object_id"] for p in queue["new_posts"]]


def test_queue_lists_new_posts_until_reviewed(world):
    posts = _posts(world)
    operator = ctx(world["operator"])
    queue = call_action("tdpf_community_queue", dict(operator))
    assert queue["reviewed_at"] is None
    assert set(_ids(queue)) == {posts["request"]["id"], posts["comment"]["id"],
                                posts["showcase"]["id"]}
    [pending] = [p for p in queue["new_posts"] if p["object_type"] == "showcase"]
    assert pending["state"] == "pending" and pending["user_name"] == "taro"

    reviewed = call_action("tdpf_community_queue_reviewed", dict(operator))
    assert reviewed["reviewed_at"]
    # after the review only the showcase awaiting approval stays, and what is new
    later = call_action("tdpf_comment_create", ctx(world["hanako"]),
                        subject_id="chiyoda-shelters", kind="comment", body="助かります")
    queue = call_action("tdpf_community_queue", dict(operator))
    assert set(_ids(queue)) == {posts["showcase"]["id"], later["id"]}
    call_action("tdpf_showcase_approve", dict(operator), id=posts["showcase"]["id"])
    assert _ids(call_action("tdpf_community_queue", dict(operator))) == [later["id"]]
    # another operator's review is their own
    other = ckan_factories.Sysadmin(name="operator2")
    assert len(call_action("tdpf_community_queue", ctx(other))["new_posts"]) == 4

    # the open reports are in the same queue
    call_action("tdpf_community_report_create", ctx(world["taro"]), object_type="comment",
                object_id=later["id"], reason="関係ない投稿")
    assert call_action("tdpf_community_queue", dict(operator))["reports"]["count"] == 1


def test_only_operators_see_the_queue(app, world):
    _posts(world)
    for who in (None, world["taro"], world["chiyoda-editor"]):
        for action in ("tdpf_community_queue", "tdpf_community_queue_reviewed"):
            with pytest.raises(tk.NotAuthorized):
                call_action(action, ctx(who))
    token = ckan_factories.APIToken(user=world["taro"]["id"])["token"]
    assert app.get("/community/moderation", headers={"Authorization": token}).status_code == 403
    operator = {"Authorization": ckan_factories.APIToken(user=world["operator"]["id"])["token"]}
    page = app.get("/community/moderation", headers=operator).get_data(as_text=True)
    assert "新しい投稿" in page and "駐輪場の空き状況" in page and "避難所ナビ" in page
    assert "承認して公開" in page and "新しい投稿を確認済みにする" in page
    app.post("/community/moderation/reviewed", headers=operator, data={})
    page = app.get("/community/moderation", headers=operator).get_data(as_text=True)
    assert "駐輪場の空き状況" not in page and "避難所ナビ" in page and "前回の確認" in page


@pytest.mark.skipif(not p.plugin_loaded("tdpf_trust"),
                    reason="the audit log is the trust plugin's (core+community keeps none)")
def test_hiding_is_in_the_audit_log(world):
    posts = _posts(world)
    operator = ctx(world["operator"])
    call_action("tdpf_community_hide", dict(operator), object_type="comment",
                object_id=posts["comment"]["id"], reason="個人情報が含まれる")
    call_action("tdpf_community_hide", dict(operator), object_type="comment",
                object_id=posts["comment"]["id"], hidden=False)
    call_action("tdpf_showcase_reject", dict(operator), id=posts["showcase"]["id"],
                reason="画像がありません")
    records = call_action("tdpf_audit_list", {"user": world["operator"]["name"]},
                          event="community")
    by_event = {r["event"]: r for r in records}
    assert set(by_event) == {"community.hide", "community.show",
                             "community.showcase_rejected"}
    hidden = by_event["community.hide"]
    assert hidden["object_type"] == "comment" and hidden["object_id"] == posts["comment"]["id"]
    assert hidden["actor"] == world["operator"]["id"]
    assert hidden["detail"]["reason"] == "個人情報が含まれる"
    assert hidden["detail"]["author"] == world["taro"]["id"]
    # a refused hide (no reason) leaves no record
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_community_hide", dict(operator), object_type="datarequest",
                    object_id=posts["request"]["id"])
    assert len(call_action("tdpf_audit_list", {"user": world["operator"]["name"]},
                           event="community")) == 3
