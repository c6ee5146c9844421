"""Notices by mail through CKAN's mailer to a real SMTP server on
127.0.0.1: every kind mailed by default, the per-kind setting honoured
(the dashboard still lists every notice), the setting's form on the
dashboard, and its bad input refused."""
from __future__ import annotations

from email.header import decode_header, make_header

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from tests.tdpf_community.conftest import ctx, notices


def _subjects(inbox, to: str) -> list[str]:
    return [str(make_header(decode_header(m["Subject"]))) for m in inbox.messages
            if to in m["X-Envelope-To"]]


def _ask(world, title: str) -> dict:
    return call_action("tdpf_datarequest_create", ctx(world["taro"]), title=title,
                       purpose="分析に使いたい", organization_id="chiyoda")


def test_mail_per_kind_setting(world, smtp_server):
    editor = world["chiyoda-editor"]
    _ask(world, "バス停の位置")
    # by default every kind is mailed
    [subject] = _subjects(smtp_server, editor["email"])
    assert subject.startswith("【TDPF】") and subject.endswith("バス停の位置")
    assert call_action("tdpf_notice_list", ctx(editor))["mail_kinds"] == [
        "requests", "comments", "showcases", "moderation"]

    # the editor keeps comments by mail but not data requests
    saved = call_action("tdpf_notice_setting_update", ctx(editor), mail_kinds=["comments"])
    assert saved == {"mail": True, "mail_kinds": ["comments"]}
    _ask(world, "公園のトイレ")
    call_action("tdpf_comment_create", ctx(world["taro"]), subject_id="chiyoda-shelters",
                kind="error", body="住所が違います")
    mailed = _subjects(smtp_server, editor["email"])
    assert len(mailed) == 2 and "公園のトイレ" not in " ".join(mailed)
    assert "千代田区 避難所一覧" in mailed[-1]
    # the dashboard lists both, whatever is mailed
    subjects = " ".join(n["subject"] for n in notices(editor))
    assert "公園のトイレ" in subjects and "バス停の位置" in subjects

    # mail off altogether: nothing more is sent
    call_action("tdpf_notice_setting_update", ctx(editor), mail=False)
    call_action("tdpf_comment_create", ctx(world["hanako"]), subject_id="chiyoda-shelters",
                kind="question", body="更新頻度は？")
    assert len(_subjects(smtp_server, editor["email"])) == 2


def test_setting_refuses_bad_input(world):
    for data in ({}, {"mail_kinds": ["spam"]}, {"mail_kinds": 3}, {"mail": "maybe"}):
        with pytest.raises(tk.ValidationError):
            call_action("tdpf_notice_setting_update", ctx(world["taro"]), **data)
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_notice_setting_update", ctx(None), mail=False)


def test_dashboard_form_saves_the_kinds(app, world):
    headers = {"Authorization": ckan_factories.APIToken(user=world["taro"]["id"])["token"]}
    page = app.get("/dashboard/notices", headers=headers).get_data(as_text=True)
    assert "メールで受け取るお知らせ" in page and "活用事例（投稿・承認・差し戻し）" in page
    app.post("/dashboard/notices/setting", headers=headers,
             data={"kinds_form": "1", "mail": "true", "mail_kinds": ["showcases", "requests"]})
    assert call_action("tdpf_notice_list", ctx(world["taro"]))["mail_kinds"] == [
        "requests", "showcases"]
