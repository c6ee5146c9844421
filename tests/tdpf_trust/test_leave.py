"""Leaving the platform (任意退会, issue 21 #4): the account page explains
what is kept and what is deleted; the password confirms; the account is
deleted (state, profile, password, API tokens, MFA, memberships) while the
user's published datasets stay with the organisation and the audit record
is kept. Operators and an organisation's only administrator are stopped
with what to do first; nobody leaves for someone else."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tdpf_trust.audit import chain as audit

from tests import factories as tdpf_factories

pytestmark = [pytest.mark.usefixtures("clean_db"),
              pytest.mark.ckan_config("WTF_CSRF_ENABLED", False)]

PASSWORD = "Leave-2024-pass"


def _login(app, name):
    return app.post("/user/login", data={"login": name, "password": PASSWORD})


def test_leaving_deletes_the_account_and_keeps_datasets_and_audit(app):
    provider = factories.User(name="taro", fullname="東京 太郎", email="taro@example.jp",
                              about="データ担当", password=PASSWORD)
    org = factories.Organization(title="千代田区", users=[
        {"name": provider["name"], "capacity": "editor"}])
    dataset = tdpf_factories.Dataset(owner_org=org["id"], user=provider, title="避難所一覧")
    token = factories.APIToken(user=provider["name"])["token"]
    _login(app, provider["name"])

    page = app.get("/user/_leave")
    assert page.status_code == 200 and "退会する" in page.text
    assert "あなたが公開したデータセット（1件）は組織に残り" in page.text
    assert "APIトークン（1件）" in page.text and "千代田区 のメンバー登録" in page.text
    assert "/user/_leave" in app.get("/user/taro").text  # the account page links to it

    wrong = app.post("/user/_leave", data={"password": "not-it"})
    assert "パスワードが正しくありません" in wrong.text
    empty = app.post("/user/_leave", data={"password": ""})
    assert "確認のためパスワードを入力してください" in empty.text
    assert model.User.get("taro").state == "active"

    done = app.post("/user/_leave", data={"password": PASSWORD})
    assert "アカウントを削除しました" in done.text
    user = model.User.get("taro")
    assert user.state == "deleted"
    assert (user.fullname, user.email, user.about) == ("", None, "")
    assert not user.validate_password(PASSWORD)
    assert model.Session.query(model.ApiToken).filter_by(user_id=user.id).count() == 0
    assert app.get("/api/3/action/tdpf_terms_status",
                   headers={"Authorization": token}).status_code == 403
    assert not [m for m in call_action("member_list", id=org["id"], object_type="user")
                if m[0] == user.id]
    kept = call_action("package_show", id=dataset["id"])
    assert kept["state"] == "active" and kept["owner_org"] == org["id"]
    # signed out, and the old password no longer logs in
    assert app.get("/user/_leave", follow_redirects=False).status_code == 302
    _login(app, "taro")
    assert app.get("/dashboard/datasets", follow_redirects=False).status_code == 302
    [record] = audit.records(event="user.leave")
    assert record.actor == user.id and record.detail["datasets_kept"] == 1
    assert record.detail["deleted"]["api_tokens"] == 1
    assert "taro@example.jp" not in str(record.detail)


def test_operators_and_sole_admins_are_stopped_with_what_to_do(app):
    operator = factories.Sysadmin(password=PASSWORD)
    with pytest.raises(tk.ValidationError) as stopped:
        call_action("tdpf_user_leave", {"user": operator["name"]}, password=PASSWORD)
    assert "sysadmin" in stopped.value.error_dict["account"][0]
    page = app.get("/user/_leave", headers={
        "Authorization": factories.APIToken(user=operator["name"])["token"]})
    assert "運用者（システム管理者）のアカウントは退会できません" in page.text
    assert 'name="password"' not in page.text

    admin = factories.User(password=PASSWORD)
    call_action("organization_create", {"user": admin["name"]}, name="hanako-shoten",
                title="花子商店")
    token = {"Authorization": factories.APIToken(user=admin["name"])["token"]}
    refused = app.post("/api/3/action/tdpf_user_leave", headers=token,
                       json={"password": PASSWORD})
    assert refused.status_code == 409
    assert "花子商店" in refused.json["error"]["account"][0]
    assert "花子商店 の唯一の管理者です" in app.get("/user/_leave", headers=token).text
    assert model.User.get(admin["id"]).state == "active"
    # with a second administrator the first may leave (through the API too)
    call_action("organization_member_create", id="hanako-shoten", username=operator["name"],
                role="admin")
    left = app.post("/api/3/action/tdpf_user_leave", headers=token, json={"password": PASSWORD})
    assert left.status_code == 200 and model.User.get(admin["id"]).state == "deleted"
    assert app.post("/api/3/action/tdpf_user_leave", headers=token,
                    json={"password": PASSWORD}).status_code == 403  # its token is gone


def test_nobody_leaves_for_someone_else():
    alice, bob = factories.User(password=PASSWORD), factories.User()
    with pytest.raises(tk.NotAuthorized):
        call_auth("tdpf_user_leave", {"user": ""})
    with pytest.raises(tk.NotAuthorized):
        call_auth("tdpf_user_leave", {"user": bob["name"]}, id=alice["id"])
    # the action reads no user id: bob's call with alice's id is refused
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_user_leave", {"user": bob["name"], "ignore_auth": False},
                    id=alice["name"], password=PASSWORD)
    assert model.User.get(alice["id"]).state == "active"
    assert call_auth("tdpf_user_leave", {"user": alice["name"]}, id=alice["name"])
