"""Pages (issue 21 #4): the policy pages answer on a fresh portal with their
built-in texts, operators save drafts (seen by nobody else) and publish
news, events and new versions, Markdown is rendered without scripts;
sign-up needs the terms and privacy policy accepted (Japanese errors), a
new version is asked for after login and blocks other pages until accepted
(API tokens keep working and are told by a header); every action refuses
the wrong user; acceptances are audited."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tdpf_trust.audit import chain as audit
from ckanext.tdpf_trust.terms import records

pytestmark = [pytest.mark.usefixtures("clean_db"),
              pytest.mark.ckan_config("WTF_CSRF_ENABLED", False)]

PASSWORD = "Terms-2024-pass"


def _login(app, user):
    return app.post("/user/login", data={"login": user["name"], "password": PASSWORD})


def _publish(sysadmin, **fields):
    return call_action("tdpf_page_publish", {"user": sysadmin["name"]}, **fields)


def _token(user) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def test_fresh_portal_answers_policy_pages_with_builtin_texts(app):
    for path, title in (("/terms", "利用規約"), ("/privacy", "プライバシーポリシー"),
                        ("/pages/data-governance", "データガバナンス指針"),
                        ("/pages/security", "情報セキュリティポリシー")):
        response = app.get(path)
        assert response.status_code == 200, path
        assert f"<h1>{title}</h1>" in response.text and "初期設定の文案" in response.text
        assert "第1版" in response.text
    listing = app.get("/pages")
    assert listing.status_code == 200 and "お知らせはまだありません" in listing.text
    assert "情報セキュリティポリシー" in listing.text
    assert app.get("/pages/no-such-page").status_code == 404
    assert app.get("/pages/Bad%20Name").status_code == 404


def test_operator_publishes_event_and_news_shown_on_home_markdown_safe(app):
    operator = factories.Sysadmin()
    event = _publish(operator, name="ideathon-2027", kind="event", title="防災アイディアソン",
                     event_type="ideathon", event_start="2027-01-23T13:30",
                     place="都庁第一本庁舎", registration_url="https://example.jp/apply",
                     body="**持ち物**: PC\n\n<script>alert(1)</script>[x](javascript:alert(2))")
    assert event["version"] == 1 and event["event_start"].startswith("2027-01-23T04:30")
    page = app.get("/pages/ideathon-2027")
    assert "<strong>持ち物</strong>" in page.text and "都庁第一本庁舎" in page.text
    assert "<script>alert" not in page.text and "javascript:alert" not in page.text
    assert 'href="https://example.jp/apply"' in page.text and "アイディアソン" in page.text
    assert "13:30" in page.text  # Japan time, as entered
    home = app.get("/")
    assert "お知らせ・イベント" in home.text and "防災アイディアソン" in home.text

    with pytest.raises(tk.ValidationError) as missing:
        _publish(operator, name="seminar", kind="event", title="セミナー")
    assert set(missing.value.error_dict) == {"event_start", "event_type"}
    with pytest.raises(tk.ValidationError) as bad:
        _publish(operator, name="x", kind="news", title="t", registration_url="javascript:1")
    assert "registration_url" in bad.value.error_dict
    with pytest.raises(tk.ValidationError) as renamed:
        _publish(operator, name="terms", kind="news", title="利用規約")
    assert "kind" in renamed.value.error_dict
    api = app.post("/api/3/action/tdpf_page_publish", headers=_token(operator),
                   json={"name": "x", "kind": "news", "title": "t", "draft": "perhaps"})
    assert api.status_code == 409 and "draft" in api.json["error"]

    call_action("tdpf_page_delete", {"user": operator["name"]}, name="ideathon-2027")
    assert app.get("/pages/ideathon-2027").status_code == 404
    assert "防災アイディアソン" not in app.get("/").text
    events = [r.event for r in audit.records(object_type="page")]
    assert sorted(events) == ["page.delete", "page.publish"]


def test_drafts_are_seen_by_operators_only_until_published(app):
    operator, visitor = factories.Sysadmin(), factories.User()
    draft = _publish(operator, name="seminar-2027", kind="event", title="オープンデータセミナー",
                     event_type="seminar", event_start="2027-02-01T10:00", draft=True)
    assert draft["draft"] and draft["version"] == 1
    # nobody else finds it: page, list, home, API
    assert app.get("/pages/seminar-2027").status_code == 404
    assert app.get("/pages/seminar-2027?draft=1", headers=_token(visitor)).status_code == 404
    assert "オープンデータセミナー" not in app.get("/pages").text
    assert "オープンデータセミナー" not in app.get("/").text
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_page_show", {"user": visitor["name"]}, name="seminar-2027")
    for action, data in (("tdpf_page_show", {"name": "seminar-2027", "draft": True}),
                         ("tdpf_page_list", {"drafts": "true"})):
        with pytest.raises(tk.NotAuthorized):
            call_auth(action, {"user": visitor["name"]}, **data)
        with pytest.raises(tk.NotAuthorized):
            call_auth(action, {"user": ""}, **data)
    # the operator sees it, marked, and it is in their editor
    admin = _token(operator)
    preview = app.get("/pages/seminar-2027", headers=admin)
    assert preview.status_code == 200 and "公開するまで運用者だけが見られます" in preview.text
    editor = app.get("/ckan-admin/trust/pages", headers=admin)
    assert "第1版の下書き" in editor.text and "未公開" in editor.text

    # published from the editor: a version everyone sees, audited once
    saved = app.post("/ckan-admin/trust/pages", headers=admin, data={
        "name": "seminar-2027", "kind": "event", "title": "オープンデータセミナー",
        "event_type": "seminar", "event_start": "2027-02-01T10:00", "save": "publish"})
    assert "「オープンデータセミナー」の第1版を公開しました" in saved.text
    assert "オープンデータセミナー" in app.get("/").text
    assert not call_action("tdpf_page_show", name="seminar-2027")["draft"]

    # a draft of the next version leaves version 1 public
    app.post("/ckan-admin/trust/pages", headers=admin, data={
        "name": "seminar-2027", "kind": "event", "title": "セミナー（会場変更）",
        "event_type": "seminar", "event_start": "2027-02-01T10:00", "save": "draft"})
    assert "セミナー（会場変更）" not in app.get("/pages/seminar-2027").text
    assert "セミナー（会場変更）" in app.get("/pages/seminar-2027?draft=1", headers=admin).text
    form = app.get("/ckan-admin/trust/pages?name=seminar-2027", headers=admin)
    assert 'value="セミナー（会場変更）"' in form.text and 'value="2027-02-01T10:00"' in form.text
    assert [r.detail["version"] for r in audit.records(event="page.publish")] == [1]


def test_only_operators_publish_pages(app):
    user = factories.User()
    for action in ("tdpf_page_publish", "tdpf_page_delete"):
        with pytest.raises(tk.NotAuthorized):
            call_auth(action, {"user": user["name"]}, name="terms")
        with pytest.raises(tk.NotAuthorized):
            call_auth(action, {"user": ""}, name="terms")
    assert call_auth("tdpf_page_show", {"user": ""}, name="terms")
    assert call_auth("tdpf_page_list", {"user": ""})
    assert app.get("/ckan-admin/trust/pages", headers=_token(user)).status_code == 403
    assert app.post("/ckan-admin/trust/pages/terms/delete",
                    headers=_token(user)).status_code == 403
    assert app.get("/terms").status_code == 200


def test_sign_up_requires_both_boxes_in_japanese(app):
    form = {"name": "hanako", "fullname": "山田花子", "email": "hanako@example.jp",
            "password1": PASSWORD, "password2": PASSWORD, "save": ""}
    refused = app.post("/user/register", data=form)
    assert "利用規約に同意してください" in refused.text
    assert "プライバシーポリシーに同意してください" in refused.text
    assert "利用規約への同意" in refused.text  # the error summary names the field
    assert not call_action("user_list", q="hanako")
    half = app.post("/user/register", data=form | {"accept_terms": "true"})
    assert "プライバシーポリシーに同意してください" in half.text
    assert "利用規約に同意してください" not in half.text
    assert not call_action("user_list", q="hanako")
    app.post("/user/register", data=form | {"accept_terms": "true", "accept_privacy": "true"})
    user = call_action("user_show", id="hanako")
    status = call_action("tdpf_terms_status", {"user": user["name"]})
    assert status["pending"] == [] and {(h["name"], h["version"]) for h in status["history"]} == {
        ("terms", 1), ("privacy", 1)}
    accepted = audit.records(event="terms.accept")
    assert [(r.actor, r.detail["via"]) for r in accepted] == [(user["id"], "register")]


def test_new_version_blocks_session_until_accepted_token_unaffected(app):
    operator = factories.Sysadmin()
    user = factories.User(password=PASSWORD)
    token = _token(user)
    _login(app, user)
    assert app.get("/dataset/").status_code == 200  # built-in v1: not asked (API-made account)
    # a draft of new terms asks nobody
    _publish(operator, name="terms", kind="policy", title="利用規約", body="第2版案", draft=True)
    assert app.get("/dataset/").status_code == 200
    _publish(operator, name="terms", kind="policy", title="利用規約", body="第2版")
    blocked = app.get("/dataset/", follow_redirects=False)
    assert blocked.status_code == 302 and "/user/_terms" in blocked.headers["Location"]
    page = app.get("/user/_terms?next=/dataset/")
    assert "利用規約（第2版）に同意します" in page.text
    assert 'name="accept_privacy"' not in page.text  # unchanged: not asked again
    api = app.get("/api/3/action/package_list")
    assert api.status_code == 403 and "利用規約" in api.json["error"]["message"]
    # a token's script keeps working and is told what its owner must accept
    with_token = app.get("/api/3/action/package_list", headers=token)
    assert with_token.status_code == 200
    assert with_token.headers["X-TDPF-Terms-Pending"] == "terms"
    assert app.get("/terms").status_code == 200  # the text itself stays readable
    refused = app.post("/user/_terms", data={"next": "/dataset/"})
    assert "利用規約に同意してください" in refused.text
    assert app.get("/dataset/", follow_redirects=False).status_code == 302
    done = app.post("/user/_terms", data={"accept_terms": "true", "next": "//evil.example/"},
                    follow_redirects=False)
    assert done.status_code == 302 and "evil.example" not in done.headers["Location"]
    assert app.get("/dataset/").status_code == 200
    assert records.accepted_versions(user["id"]) == {"terms": 2}
    assert "X-TDPF-Terms-Pending" not in app.get("/api/3/action/package_list",
                                                 headers=token).headers
    accepted = audit.records(event="terms.accept")
    assert [(r.detail["via"], r.detail["accepted"]) for r in accepted] == [
        ("login", [{"name": "terms", "version": 2}])]


def test_terms_accepted_through_the_api_and_status_refuses_another_user(app):
    operator = factories.Sysadmin()
    alice, bob = factories.User(), factories.User()
    _publish(operator, name="privacy", kind="policy", title="プライバシーポリシー", body="第2版")
    status = call_action("tdpf_terms_status", {"user": alice["name"]})
    assert [p["name"] for p in status["pending"]] == ["privacy"]
    with pytest.raises(tk.ValidationError) as unticked:
        call_action("tdpf_terms_accept", {"user": alice["name"]})
    assert unticked.value.error_dict == {"accept_privacy": ["Please accept the privacy policy"]}
    call_action("tdpf_terms_accept", {"user": alice["name"]}, accept_privacy=True)
    assert records.pending(alice["id"]) == [] and records.pending(bob["id"])
    # another user's status: refused; an operator's: answered
    with pytest.raises(tk.NotAuthorized):
        call_auth("tdpf_terms_status", {"user": bob["name"]}, id=alice["id"])
    refused = app.get("/api/3/action/tdpf_terms_status", headers=_token(bob),
                      query_string={"id": alice["name"]})
    assert refused.status_code == 403
    seen = call_action("tdpf_terms_status", {"user": operator["name"]}, id=alice["name"])
    assert seen["history"][0]["version"] == 2
    with pytest.raises(tk.NotAuthorized):
        call_auth("tdpf_terms_accept", {"user": ""})


def test_sysadmin_api_user_create_unaffected():
    operator = factories.Sysadmin()
    made = call_action("user_create", {"user": operator["name"]}, name="api-made",
                       email="api@example.jp", password=PASSWORD, accept_terms="nonsense")
    assert made["name"] == "api-made" and records.pending(made["id"]) == []
