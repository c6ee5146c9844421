"""The community pages without a browser: the request board with facets,
the form and its Japanese errors, votes and answers by form, the dataset
page's rating and comments, reporting and hiding, the dashboard's
notifications, the operators' queue; who is turned away."""
from __future__ import annotations

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from tests.tdpf_community.conftest import ctx


def _as(user) -> dict:
    return {"Authorization": ckan_factories.APIToken(user=user["id"])["token"]}


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_request_board_form_vote_and_answer(app, world):
    # anonymous: the board reads, the form asks to log in
    board = _text(app.get("/datarequest"))
    assert "データリクエスト" in board and "0件のデータリクエスト" in board
    assert app.get("/datarequest/new", follow_redirects=False).status_code == 302
    # a search that finds nothing offers a request with its words
    nothing = _text(app.get("/dataset/?q=公衆無線LAN"))
    assert "データをリクエスト" in nothing  # the core's offer (IDataRequestOffer)
    assert "/datarequest/new?title=%E5%85%AC%E8%A1%86" in nothing
    assert "tdpf-data-request" not in _text(app.get("/dataset/?q=避難所"))

    taro = _as(world["taro"])
    form = _text(app.get("/datarequest/new?title=公衆無線LAN", headers=taro))
    assert "欲しいデータ" in form and 'value="公衆無線LAN"' in form and "千代田区" in form
    refused = _text(app.post("/datarequest/new", headers=taro,
                             data={"title": "公衆無線LAN", "purpose": ""}))
    assert "tdpf-datarequest-form" in refused and "利用目的: 不明な値" in refused
    sent = app.post("/datarequest/new", headers=taro, follow_redirects=False, data={
        "title": "公衆無線LANアクセスポイント", "purpose": "観光アプリ", "area": "千代田区",
        "theme": "transport_tourism", "organization_id": "chiyoda"})
    assert sent.status_code == 302
    path = sent.headers["Location"].split("test.ckan.net")[-1]
    page = _text(app.get(path))
    assert "公衆無線LANアクセスポイント" in page and "受付" in page and "宛先の組織" in page
    assert "このリクエストに回答する" not in page  # anonymous

    hanako = _as(world["hanako"])
    app.post(f"{path}/vote", headers=hanako, data={"vote": "true"})
    assert "私も欲しい 1" in _text(app.get(path, headers=hanako))
    assert "「私も欲しい」を取り消す" in _text(app.get(path, headers=hanako))

    # the other organisation's editor sees no answer form and is refused
    assert "このリクエストに回答する" not in _text(app.get(path, headers=_as(world["koto-editor"])))
    refused = _text(app.post(f"{path}/answer", headers=_as(world["koto-editor"]),
                             data={"status": "considering"}))
    assert "このリクエストに回答できるのは、宛先の組織の編集者だけです" in refused
    assert call_action("tdpf_datarequest_show", ctx(None),
                       id=path.rsplit("/", 1)[-1])["status"] == "received"
    editor = _as(world["chiyoda-editor"])
    assert "このリクエストに回答する" in _text(app.get(path, headers=editor))
    app.post(f"{path}/answer", headers=editor,
             data={"status": "published", "datasets": "chiyoda-shelters", "reason": "公開しました"})
    page = _text(app.get(path))
    assert "公開済み" in page and "千代田区 避難所一覧" in page

    board = _text(app.get("/datarequest?status=published"))
    assert "公衆無線LANアクセスポイント" in board and "公開済み (1)" in board
    assert "1件のデータリクエスト" in _text(app.get("/datarequest?organization=chiyoda"))
    assert "0件のデータリクエスト" in _text(app.get("/datarequest?organization=koto"))
    assert app.get("/datarequest/no-such-id").status_code == 404

    notices = _text(app.get("/dashboard/notices", headers=hanako))
    assert "リクエストされたデータが公開されました" in notices
    assert "お知らせ" in _text(app.get("/dashboard/datasets", headers=hanako))


def test_dataset_page_rating_comments_report_and_hide(app, world):
    anonymous = _text(app.get("/dataset/chiyoda-shelters"))
    assert "有用性の評価" in anonymous and "まだ評価はありません" in anonymous
    assert "質問やコメントをするにはログインしてください" in anonymous
    assert "tdpf-comment-form" not in anonymous

    taro = _as(world["taro"])
    app.post("/community/rating", headers=taro,
             data={"package_id": world["public"]["id"], "score": "4", "reason": "使いやすい"})
    app.post("/community/comment", headers=taro, data={
        "subject_type": "dataset", "subject_id": world["public"]["id"], "kind": "error",
        "resource_id": world["public"]["resources"][0]["id"], "row": "3",
        "body": "3行目の電話番号が古いです"})
    page = _text(app.get("/dataset/chiyoda-shelters"))
    assert "★ 4.0" in page and "（1件の評価）" in page and "使いやすい" in page
    assert "3行目の電話番号が古いです" in page and "データの誤り" in page

    comment_id = call_action("tdpf_comment_list", ctx(None),
                             subject_id="chiyoda-shelters")["comments"][0]["id"]
    app.post("/community/report", headers=_as(world["hanako"]),
             data={"object_type": "comment", "object_id": comment_id, "reason": "不適切"})
    assert app.get("/community/moderation", headers=_as(world["hanako"])).status_code == 403
    operator = _as(world["operator"])
    queue = _text(app.get("/community/moderation", headers=operator))
    assert "3行目の電話番号が古いです" in queue and "不適切" in queue
    app.post("/community/hide", headers=operator, data={
        "object_type": "comment", "object_id": comment_id, "reason": "個人情報を含むため"})
    assert "3行目の電話番号が古いです" not in _text(app.get("/dataset/chiyoda-shelters"))
    assert "個人情報を含むため" in _text(app.get("/dataset/chiyoda-shelters", headers=operator))
    assert "この操作は運営者だけが行えます" in _text(app.post("/community/hide", headers=taro, data={
        "object_type": "comment", "object_id": comment_id, "hidden": "false"}))
    assert call_action("tdpf_comment_list", ctx(None),
                       subject_id="chiyoda-shelters")["count"] == 0


def test_private_dataset_page_and_posts_stay_private(app, world):
    call_action("tdpf_comment_create", ctx(world["chiyoda-editor"]),
                subject_id="chiyoda-draft", body="公開前メモ")
    assert "公開前メモ" in _text(app.get("/dataset/chiyoda-draft",
                                       headers=_as(world["chiyoda-editor"])))
    assert app.get("/dataset/chiyoda-draft", headers=_as(world["taro"])).status_code == 404
    refused = _text(app.post("/community/comment", headers=_as(world["taro"]), data={
        "subject_type": "dataset", "subject_id": world["private"]["id"], "body": "x"}))
    assert "データセットが見つかりません" in refused
    assert call_action("tdpf_comment_list", ctx(world["chiyoda-editor"]),
                       subject_id="chiyoda-draft")["count"] == 1
