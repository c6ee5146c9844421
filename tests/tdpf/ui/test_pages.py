"""Catalog pages served by CKAN's test client: labels instead of keys,
grouped dataset fields, the source link, English under /en/."""
from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("ui_catalog")


def _text(html: str) -> str:
    """Visible text, whitespace collapsed (what a reader sees)."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _facet_nav(html: str, title: str) -> str:
    """Text of the facet block whose heading is ``title``."""
    for block in re.findall(r"<section class=\"module module-narrow module-shallow\">(.*?)</section>", html, re.S):
        if title in block.split("</h2>")[0]:
            return _text(block)
    raise AssertionError(f"no facet {title!r}")


def test_facet_items_have_labels_in_the_api():
    result = call_action("package_search", **{
        "facet.field": ["provider_type", "municipality_codes", "theme", "focus_area",
                        "standard_dataset", "access_rights", "license_id"]})
    names = {f: {i["name"]: i["display_name"] for i in facet["items"]}
             for f, facet in result["search_facets"].items()}
    assert names["provider_type"] == {"municipality": "区市町村", "tokyo": "東京都",
                                      "company": "民間企業"}
    assert names["municipality_codes"] == {"131016": "千代田区", "131041": "新宿区",
                                           "131024": "中央区"}
    assert names["theme"]["transport_tourism"] == "運輸・観光"
    assert names["focus_area"] == {"disaster": "防災", "urban": "まちづくり"}
    assert names["standard_dataset"] == {"shelter": "避難所一覧", "toilet": "公衆トイレ一覧"}
    assert names["access_rights"] == {"PUBLIC": "公開", "RESTRICTED": "制限付き公開"}
    assert names["license_id"]["pdl-1.0"].startswith("公共データ利用規約")


def test_home_page(app):
    html = app.get("/").body
    text = _text(html)
    # focus areas lead to filtered searches
    assert 'href="/dataset/?focus_area=disaster"' in html
    assert 'href="/dataset/?focus_area=urban"' in html
    assert re.search(r'focus_area=urban">\s*<span class="tdpf-focus-name">まちづくり</span>\s*'
                     r'<span class="tdpf-focus-count">2 件</span>', html)
    # counts by provider type and source catalog, labelled
    assert re.search(r'href="/dataset/\?provider_type=municipality">区市町村</a>\s*<span class="tdpf-count">1 件', html)
    assert "千代田区オープンデータカタログ 1 件" in text
    # recently updated, newest first, and the search box
    recent = text.split("最近更新されたデータセット")[1]
    assert recent.index("都心部の人流データ") < recent.index("千代田区 避難所一覧")
    assert '<form class="tdpf-home-search" role="search"' in html and 'name="q"' in html
    assert "3 件" in text


def test_search_page_facets_sort_and_pills(app):
    html = app.get("/dataset/", query_string={"municipality_codes": "131016"}).body
    muni = _facet_nav(html, "地方公共団体")
    assert "千代田区" in muni and "131016" not in muni
    assert "区市町村" in _facet_nav(html, "提供者の種別")
    assert "まちづくり" in _facet_nav(html, "重点分野")
    # the applied filter shows the name, not the code
    pill = re.search(r'<span class="filtered pill">(.*?)<a', html, re.S).group(1)
    assert pill.strip() == "千代田区"
    # データレート順 sorts by the indexed score
    option = re.search(r'<option value="([^"]+)"[^>]*>\s*データレート順', html)
    assert option and option.group(1).startswith("data_rate_score desc")


def test_dataset_page_sections_and_source_link(app):
    html = app.get("/dataset/chiyoda-shelters").body
    text = _text(html)
    link = re.search(r'<a class="btn btn-primary tdpf-source-link" href="([^"]+)"[^>]*>\s*元のサイトで見る', html)
    assert link and link.group(1) == "https://opendata.city.example.lg.jp/dataset/shelters"
    assert "このデータセットは「千代田区オープンデータカタログ」から収集しました。" in text
    for heading in ("このデータについて", "対象範囲", "問い合わせ先", "出所・来歴"):
        assert f'>{heading}</h2>' in html
    assert "東京都 千代田区 (131016)" in text
    assert "更新頻度 毎年" in text and "提供者の種別 区市町村" in text
    assert "公共データ利用規約 第1.0版 (PDL1.0)" in text
    # nothing to show, nothing shown: no conditions of use, no empty rows
    assert "利用条件</h2>" not in html and "空間範囲" not in text


def test_conditional_dataset_reads_in_plain_japanese(app):
    html = app.get("/dataset/traffic-flow").body
    text = _text(html)
    assert ">利用条件</h2>" in html
    assert "料金はかかりますか 有償です（料金がかかります）" in text
    assert "秘密保持契約（NDA）は必要ですか 必要です" in text
    assert "どの用途に使えますか 研究、公共目的" in text
    assert "準拠する法律 日本の法律" in text
    assert "いつまで使えますか 購入日から1年間" in text
    # not harvested: no source banner
    assert "元のサイトで見る" not in text


def test_english_pages(app):
    html = app.get("/en/dataset/traffic-flow").body
    text = _text(html)
    assert 'lang="en"' in html
    assert "Conditions of use" in text and "Is an NDA required? Yes" in text
    en_licence = _text(app.get("/en/dataset/chiyoda-shelters").body)
    assert "Public Data License 1.0 (PDL1.0)" in en_licence
    assert "For how long may it be used? 1 year(s) from the purchase date" in text
    # the switch leads back to the Japanese page
    assert re.search(r'<a class="nav-link" href="/dataset/traffic-flow" lang="ja" hreflang="ja">日本語</a>', html)
    search = app.get("/en/dataset/", query_string={"q": "避難所"}).body
    assert "Provider type" in search and "Municipality" in search
    home = _text(app.get("/en/").body)
    assert "Find data about Tokyo" in home and "Disaster prevention" in home
    assert "Municipality 1 dataset" in home and "Tokyo Metropolitan Government 1 dataset" in home
    ja = app.get("/dataset/traffic-flow").body
    assert re.search(r'<a class="nav-link" href="/en/dataset/traffic-flow" lang="en" hreflang="en">English</a>', ja)


def test_data_rate_facet_sort_and_badges(app):
    scores = {n: call_action("tdpf_data_rate_show", id=n)
              for n in ("chiyoda-shelters", "shinjuku-toilets", "traffic-flow")}
    link_queries = []

    def count(conn, cursor, statement, *args):
        if "tdpf_link_check" in statement:
            link_queries.append(statement)

    engine = model.Session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        html = app.get("/dataset/", query_string={
            "sort": "data_rate_score desc, metadata_modified desc"}).body
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    # the badges of the page read the link checks once, not once per result
    assert len(link_queries) == 1
    names = re.findall(r'<h2 class="dataset-heading">.*?href="/dataset/([^"]+)"', html, re.S)
    assert len({s["score"] for s in scores.values()}) == 3  # no ties: a strict order
    assert names == sorted(scores, key=lambda n: -scores[n]["score"])
    # one badge per result, with the dataset's own score
    badges = re.findall(r'class="tdpf-data-rate-score"[^>]*>(\d+)/405<', html)
    assert [int(b) for b in badges] == [scores[n]["score"] for n in names]
    # the rating facet is labelled (優/良/可/不可), in the API as on the page
    facet = call_action("package_search", **{"facet.field": ["data_rate_rating"]})
    items = {i["name"]: i["display_name"] for i in facet["search_facets"]["data_rate_rating"]["items"]}
    assert items == {scores[n]["rating"]: scores[n]["rating_label"] for n in scores}
    assert set(items.values()) <= {"優", "良", "可", "不可"}
    nav = _facet_nav(html, "データレート")
    assert all(label in nav for label in items.values())


def test_resource_page_shows_filled_fields_once(app):
    pkg = call_action("package_show", id="chiyoda-shelters")
    html = app.get(f"/dataset/chiyoda-shelters/resource/{pkg['resources'][0]['id']}").body
    text = _text(html)
    assert "文字コード UTF-8" in text and "準拠する標準 避難所一覧" in text
    assert "メディアタイプ text/csv" in text and "(20,480)" in text
    assert "公開日 2024-04-01" in text and "最終更新日 2024-10-01" in text
    # no raw English keys of the same values, no empty rows (language unset)
    assert "Character encoding" not in text and "Conforms to" not in text
    assert 'class="tdpf-field-language"' not in html
