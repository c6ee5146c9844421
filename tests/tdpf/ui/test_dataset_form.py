"""A provider fills the dataset form in the web UI: every field is saved;
a wrong municipality code, an unknown licence and a malformed date each get
a clear Japanese error and nothing is saved half-way."""
from __future__ import annotations

import re
from html import unescape

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import factories as tdpf_factories
from tests.factories import WARRANTY

FORM = {
    "title": "千代田区 指定緊急避難場所一覧",
    "name": "chiyoda-evacuation-sites",
    "notes": "千代田区が指定する緊急避難場所。**災害種別**ごとの適否を含みます。",
    "tag_string": "防災,避難場所",
    "license_id": "pdl-1.0",
    "url": "https://www.city.example.lg.jp/bousai/hinan.html",
    "version": "2024.10",
    "maintainer": "千代田区 防災・危機管理課",
    "maintainer_email": "bousai@city.example.lg.jp",
    "provider_type": "municipality",
    "municipality_codes": "131016, 131024",
    "theme": ["land_weather", "justice_environment"],
    "focus_area": ["disaster"],
    "standard_dataset": "evacuation_site",
    "spatial": '{"type": "Point", "coordinates": [139.7536, 35.694]}',
    "temporal_start": "2024-04-01",
    "temporal_end": "2025-03-31",
    "frequency": "ANNUAL",
    "language": ["JPN", "ENG"],
    "access_rights": "PUBLIC",
}

RESOURCE = {
    "url": "https://www.city.example.lg.jp/bousai/hinan.csv",
    "name": "指定緊急避難場所一覧（CSV）",
    "description": "名称・所在地・緯度経度・災害種別",
    "format": "csv",
    "mimetype": "text/csv",
    "size": "18432",
    "character_encoding": "UTF-8",
    "conforms_to": "evacuation_site",
    "issued": "2024-04-01",
    "modified": "2024-10-01",
    "language": ["JPN"],
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def provider(clean_db):
    user = factories.UserWithToken()
    org = factories.Organization(
        title="千代田区", provider_type="municipality", municipality_code="131016",
        users=[{"name": user["name"], "capacity": "editor"}])
    return {"env": {"Authorization": user["token"]}, "org": org, "user": user}


def _post(app, url, provider, data):
    return app.post(url, data=data, headers=provider["env"], follow_redirects=False)


def test_every_field_through_the_form(app, provider):
    form = app.get(tk.url_for("dataset.new"), headers=provider["env"]).body
    # every form field has a label tied to it
    for field in ("title", "name", "license_id", "municipality_codes", "temporal_start",
                  "maintainer_email", "provider_type", "standard_dataset", "frequency"):
        assert re.search(rf'<label[^>]+for="field-{field}"', form), field
    # the licence list in TDPF order, PDL1.0 (the recommended one) preselected
    licence = re.search(r'<select[^>]+id="field-license_id".*?</select>', form, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"\s*(selected)?', licence)
    assert options[0] == ("pdl-1.0", "selected") and len(options) == 8

    resp = _post(app, tk.url_for("dataset.new"), provider,
                 {**FORM, "owner_org": provider["org"]["id"], "save": "continue", "_ckan_phase": "1"})
    assert resp.status_code == 302, _text(resp.body)[:2000]
    assert "/resource/new" in resp.headers["Location"]
    # the last step is the provider's warranty (表明保証, trust plugin), which publishes
    resp = _post(app, f"/dataset/{FORM['name']}/resource/new", provider,
                 {**RESOURCE, "id": "", "save": "tdpf-warranty"})
    assert resp.status_code == 302, _text(resp.body)[:2000]
    warranty_url = f"/dataset/{FORM['name']}/warranty"
    assert resp.headers["Location"].endswith(warranty_url)
    step = _text(app.get(warranty_url, headers=provider["env"]).body)
    assert "表明保証" in step
    assert call_action("package_show", id=FORM["name"])["state"] == "draft"
    resp = _post(app, warranty_url, provider, {
        **dict.fromkeys(WARRANTY, "true"), "personal_data_kind": "非個人情報",
        "publish": "true", "save": "warrant"})
    assert resp.status_code == 302, _text(resp.body)[:2000]

    pkg = call_action("package_show", id=FORM["name"])
    assert pkg["state"] == "active" and pkg["private"] is False
    assert pkg["tdpf_warranty"]["current"] is True
    for key in ("title", "notes", "license_id", "url", "version", "maintainer",
                "maintainer_email", "provider_type", "standard_dataset", "spatial",
                "temporal_start", "temporal_end", "frequency", "access_rights"):
        assert pkg[key] == FORM[key], key
    assert pkg["municipality_codes"] == ["131016", "131024"]
    assert pkg["theme"] == FORM["theme"] and pkg["focus_area"] == ["disaster"]
    assert pkg["language"] == ["JPN", "ENG"]
    assert sorted(t["name"] for t in pkg["tags"]) == ["避難場所", "防災"]
    res = pkg["resources"][0]
    assert (res["format"], res["mimetype"], res["size"]) == ("CSV", "text/csv", 18432)
    for key in ("name", "description", "character_encoding", "conforms_to", "issued", "modified"):
        assert res[key] == RESOURCE[key], key

    page = _text(app.get(f"/dataset/{FORM['name']}").body)
    assert "東京都 千代田区 (131016)" in page and "東京都 中央区 (131024)" in page
    assert "指定緊急避難場所一覧" in page and "毎年" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("municipality_codes", "131015", "対象の地方公共団体: "
     "全国地方公共団体コード 131015 の検査数字が正しくありません（正: 131016）"),
    ("license_id", "my-own-licence",
     "ライセンス: ライセンス「my-own-licence」はTDPFのライセンス一覧にありません"),
    ("temporal_start", "2024-13-45",
     "対象期間（開始）: 日付「2024-13-45」が正しくありません。YYYY-MM-DD の形式（例: 2024-04-01）で入力してください。"),
])
def test_bad_value_gets_a_japanese_error_and_nothing_is_saved(app, provider, field, value, message):
    resp = _post(app, tk.url_for("dataset.new"), provider,
                 {**FORM, field: value, "owner_org": provider["org"]["id"], "save": "continue", "_ckan_phase": "1"})
    assert resp.status_code == 200
    text = _text(resp.body)
    # the error summary names the field by its Japanese label
    assert "不正な値があります" in text and message in text
    # the form keeps what was typed
    assert FORM["title"] in resp.body
    with pytest.raises(tk.ObjectNotFound):
        call_action("package_show", id=FORM["name"])
    assert call_action("package_search", q="*:*", include_drafts=True)["count"] == 0


def test_failed_edit_leaves_the_dataset_unchanged(app, provider):
    pkg = tdpf_factories.Dataset(
        owner_org=provider["org"]["id"], name="chiyoda-aed", title="千代田区 AED設置箇所一覧",
        municipality_codes=["131016"], temporal_start="2024-04-01")
    before = call_action("package_show", id=pkg["id"])
    resp = _post(app, tk.url_for("dataset.edit", id="chiyoda-aed"), provider, {
        "title": "書き換えたタイトル", "name": "chiyoda-aed", "license_id": "cc-by-4.0",
        "owner_org": provider["org"]["id"], "municipality_codes": "131016, 999999",
        "temporal_start": "2024-04-01", "save": ""})
    assert resp.status_code == 200
    assert "全国地方公共団体コード 999999" in _text(resp.body)
    after = call_action("package_show", id=pkg["id"])
    assert after["title"] == "千代田区 AED設置箇所一覧"
    assert after["metadata_modified"] == before["metadata_modified"]
    assert after["municipality_codes"] == ["131016"]
