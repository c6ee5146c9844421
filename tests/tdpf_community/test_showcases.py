"""Showcases (活用事例) through the Action API and the pages: a member
submits, only they and operators see it pending, an operator approves (the
submitter is told), it shows on its dataset's page, the home page and the
list with its theme facet; images by address or upload (type and size
checked); nobody changes another's showcase; a private dataset is neither
named by a showcase nor found through its showcases."""
from __future__ import annotations

import io
import struct
import zlib

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from tests.tdpf_community.conftest import ctx, notices


def _png() -> bytes:
    """A real 1×1 PNG (what libmagic reads as image/png)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _submit(world, who: str = "taro", **fields: object) -> dict:
    return _submit_fields(world, who, fields)


def _submit_fields(world, who: str, fields: dict) -> dict:
    data = {"title": "避難所マップアプリ", "description": "**千代田区**の避難所を地図で探せる",
            "author": "千代田アプリ研究会", "datasets": ["chiyoda-shelters"],
            "url": "https://apps.example.jp/shelters", "theme": "justice_environment",
            "image_url": "https://apps.example.jp/shot.png", **fields}
    return call_action("tdpf_showcase_create", ctx(world[who]), **data)


def _as(user) -> dict:
    return {"Authorization": ckan_factories.APIToken(user=user["id"])["token"]}


def test_submit_approve_and_where_it_shows(app, world):
    showcase = _submit(world)
    assert showcase["state"] == "pending" and showcase["datasets"][0]["name"] == "chiyoda-shelters"
    # operators are told; a pending showcase is the submitter's and the operators' only
    assert any("避難所マップアプリ" in n["subject"] for n in notices(world["operator"]))
    for who in (None, world["hanako"]):
        with pytest.raises(tk.ObjectNotFound):
            call_action("tdpf_showcase_show", ctx(who), id=showcase["id"])
        assert call_action("tdpf_showcase_list", ctx(who))["count"] == 0
    assert call_action("tdpf_showcase_show", ctx(world["taro"]), id=showcase["id"])["mine"]
    assert call_action("tdpf_showcase_list", ctx(world["taro"]), mine=True)["count"] == 1
    assert app.get(f"/showcase/{showcase['id']}").status_code == 404
    assert "避難所マップアプリ" not in app.get("/dataset/chiyoda-shelters").get_data(as_text=True)

    # only operators approve
    for who in ("taro", "hanako", "chiyoda-editor"):
        with pytest.raises(tk.NotAuthorized):
            call_action("tdpf_showcase_approve", ctx(world[who]), id=showcase["id"])
    approved = call_action("tdpf_showcase_approve", ctx(world["operator"]), id=showcase["id"])
    assert approved["state"] == "approved"
    assert any("避難所マップアプリ" in n["subject"] and ("承認" in n["body"] or "Approved" in n["body"])
               for n in notices(world["taro"]))

    listed = call_action("tdpf_showcase_list", ctx(None))
    assert [r["id"] for r in listed["results"]] == [showcase["id"]]
    assert listed["facets"]["theme"] == {"justice_environment": 1}
    assert call_action("tdpf_showcase_list", ctx(None), theme="population")["count"] == 0
    page = app.get(f"/showcase/{showcase['id']}").get_data(as_text=True)
    assert "<strong>千代田区</strong>" in page and "千代田アプリ研究会" in page
    dataset_page = app.get("/dataset/chiyoda-shelters").get_data(as_text=True)
    assert "活用事例" in dataset_page and "避難所マップアプリ" in dataset_page
    assert "避難所マップアプリ" in app.get("/").get_data(as_text=True)
    board = app.get("/showcase").get_data(as_text=True)
    assert "避難所マップアプリ" in board and "司法・安全・環境" in board


def test_nobody_changes_anothers_showcase(world):
    showcase = _submit(world)
    for action in ("tdpf_showcase_update", "tdpf_showcase_delete"):
        # hanako cannot even see the pending showcase: not found, as for any unknown id
        with pytest.raises(tk.ObjectNotFound):
            call_action(action, ctx(world["hanako"]), id=showcase["id"], title="乗っ取り")
    call_action("tdpf_showcase_approve", ctx(world["operator"]), id=showcase["id"])
    for action in ("tdpf_showcase_update", "tdpf_showcase_delete"):
        with pytest.raises(tk.NotAuthorized):
            call_action(action, ctx(world["hanako"]), id=showcase["id"], title="乗っ取り")
        with pytest.raises(tk.NotAuthorized):
            call_action(action, ctx(None), id=showcase["id"], title="乗っ取り")
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_showcase_reject", ctx(world["hanako"]), id=showcase["id"],
                    reason="x")
    assert call_action("tdpf_showcase_show", ctx(None), id=showcase["id"])["title"] == (
        "避難所マップアプリ")
    # the submitter's change goes back to the operators before it is public again
    changed = call_action("tdpf_showcase_update", ctx(world["taro"]), id=showcase["id"],
                          title="避難所マップアプリ v2")
    assert changed["state"] == "pending" and changed["description"].startswith("**千代田区**")
    assert call_action("tdpf_showcase_list", ctx(None))["count"] == 0
    # rejected with a reason the submitter reads; refused without one
    with pytest.raises(tk.ValidationError) as error:
        call_action("tdpf_showcase_reject", ctx(world["operator"]), id=showcase["id"])
    assert "reason" in error.value.error_dict
    rejected = call_action("tdpf_showcase_reject", ctx(world["operator"]), id=showcase["id"],
                           reason="リンク先が開けません")
    assert rejected["state"] == "rejected"
    assert call_action("tdpf_showcase_show", ctx(world["taro"]),
                       id=showcase["id"])["reason"] == "リンク先が開けません"
    assert call_action("tdpf_showcase_delete", ctx(world["taro"]), id=showcase["id"])["deleted"]
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_showcase_show", ctx(world["operator"]), id=showcase["id"])


def test_bad_input_is_a_field_error(world):
    for fields, field in (({"title": ""}, "title"), ({"datasets": []}, "datasets"),
                          ({"datasets": ["no-such-dataset"]}, "datasets"),
                          ({"url": "javascript:alert(1)"}, "url"),
                          ({"image_url": "file:///etc/passwd"}, "image_url"),
                          ({"theme": "nonsense"}, "theme"), ({"author": ""}, "author")):
        with pytest.raises(tk.ValidationError) as error:
            _submit_fields(world, "taro", fields)
        assert field in error.value.error_dict, fields
    assert call_action("tdpf_showcase_list", ctx(world["operator"]))["count"] == 0


def test_private_dataset_is_never_named(app, world):
    # the editor may use the private dataset; others see neither it nor its showcases
    showcase = _submit(world, who="chiyoda-editor", datasets=["chiyoda-shelters", "chiyoda-draft"])
    with pytest.raises(tk.ValidationError):
        _submit(world, datasets=["chiyoda-draft"])  # taro cannot see it: no such dataset
    call_action("tdpf_showcase_approve", ctx(world["operator"]), id=showcase["id"])
    seen = call_action("tdpf_showcase_show", ctx(None), id=showcase["id"])
    assert [d["name"] for d in seen["datasets"]] == ["chiyoda-shelters"]
    assert "chiyoda-draft" not in app.get(f"/showcase/{showcase['id']}").get_data(as_text=True)
    for who in (None, world["taro"]):
        with pytest.raises(tk.ObjectNotFound):
            call_action("tdpf_showcase_list", ctx(who), dataset="chiyoda-draft")
    assert call_action("tdpf_showcase_list", ctx(world["chiyoda-editor"]),
                       dataset="chiyoda-draft")["count"] == 1
    response = app.get("/api/3/action/tdpf_showcase_list?dataset=chiyoda-draft")
    assert response.status_code == 404


def test_image_upload_type_and_size(app, world):
    taro = _as(world["taro"])
    form = {"title": "人口グラフ", "description": "区別の人口推移", "author": "個人",
            "datasets": "chiyoda-shelters"}
    sent = app.post("/showcase/new", headers=taro, follow_redirects=False, data={
        **form, "image_upload": (io.BytesIO(_png()), "shot.png")})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    [row] = call_action("tdpf_showcase_list", ctx(world["taro"]), mine=True)["results"]
    assert row["image_url"].endswith(".png") and "/uploads/showcase/" in row["image_display_url"]
    served = app.get("/uploads/showcase/" + row["image_url"])
    assert served.status_code == 200 and served.data == _png()

    # not an image (whatever its name says): a Japanese field error, nothing stored
    refused = app.post("/showcase/new", headers=taro, data={
        **form, "title": "別の事例", "description": "別の事例の説明", "image_upload": (io.BytesIO(b"MZ\x90\x00not an image" * 20),
                                                  "evil.png")})
    assert refused.status_code == 200
    assert "PNG、JPEG、GIF、WebPの画像をアップロードしてください" in refused.get_data(as_text=True)
    # larger than ckan.max_image_size (2 MB)
    big = _png() + b"\x00" * (3 * 1024 * 1024)
    refused = app.post("/showcase/new", headers=taro, data={
        **form, "title": "大きな事例", "description": "大きな画像の事例", "image_upload": (io.BytesIO(big), "big.png")})
    assert "MBより大きい画像です" in refused.get_data(as_text=True)
    assert call_action("tdpf_showcase_list", ctx(world["taro"]), mine=True)["count"] == 1


def test_pages_ask_to_sign_in_and_operators_decide(app, world):
    assert app.get("/showcase/new", follow_redirects=False).status_code == 302
    showcase = _submit(world)
    operator = _as(world["operator"])
    page = app.get(f"/showcase/{showcase['id']}", headers=operator).get_data(as_text=True)
    assert "承認して公開" in page
    assert "承認して公開" not in app.get(f"/showcase/{showcase['id']}",
                                      headers=_as(world["taro"])).get_data(as_text=True)
    app.post(f"/showcase/{showcase['id']}/approve", headers=operator, data={})
    assert call_action("tdpf_showcase_show", ctx(None), id=showcase["id"])["state"] == "approved"
    # a stranger's edit page is refused
    assert app.get(f"/showcase/{showcase['id']}/edit",
                   headers=_as(world["hanako"])).status_code == 403
