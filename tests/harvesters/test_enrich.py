"""Enrichment of harvested records on planted records: each record's own
publisher (with the traps of Japanese place names) and its classification."""
from __future__ import annotations

import pytest

from ckanext.tdpf_harvesters.enrich import apply as enrich_apply
from ckanext.tdpf_harvesters.enrich import classify, publisher
from ckanext.tdpf_harvesters.sources import SourceConfig

TOKYO_SRC = ("tokyo", ("130001",))


def _derive(remote: dict, source=TOKYO_SRC):
    p = publisher.derive(remote, *source)
    return p.provider_type, p.codes


def test_tokyo_catalog_record_of_nishitokyo_is_nishitokyo():
    # the example: id t132292…, maintainer 西東京市, on the Tokyo catalog
    remote = {"name": "t132292d0000000006", "title": "年齢別人口",
              "maintainer": "西東京市企画部情報推進課", "organization": {"title": "東京都"}}
    assert _derive(remote) == ("municipality", ("132292",))
    # without the id prefix the maintainer says it; the organisation first
    assert _derive({"title": "年齢別人口", "maintainer": "西東京市企画部情報推進課"}) == \
        ("municipality", ("132292",))
    assert _derive({"organization": {"title": "西東京市"}, "maintainer": "東京都 総務局"}) == \
        ("municipality", ("132292",))


def test_nothing_said_keeps_the_source_defaults():
    assert publisher.derive({"title": "年齢別人口"}, *TOKYO_SRC).reason == "source"
    assert _derive({"title": "年齢別人口", "maintainer": "情報政策課"}) == TOKYO_SRC
    # an id that looks like a code but has a wrong check digit is no code
    assert _derive({"name": "t132291d0000000006"}) == TOKYO_SRC


@pytest.mark.parametrize(("who", "expected"), [
    ("東京都", ("tokyo", ("130001",))),
    ("京都府", ("public_body", ("260002",))),  # 京都 is not 東京都, nor the reverse
    ("京都市", ("public_body", ("261009",))),
    ("東京都府中市", ("municipality", ("132063",))),  # not 京都府 in 東京都府中市
    ("広島県府中市", ("public_body", ("342084",))),
    ("府中市 総務課", ("municipality", ("132063",))),  # the source's prefecture decides
    ("西東京市", ("municipality", ("132292",))),  # not 東京都 inside it
    ("東村山市", ("municipality", ("132136",))),  # not 村山市 (Yamagata) inside it
    ("北区役所", ("municipality", ("131172",))),  # not 札幌市北区
    ("札幌市北区", ("public_body", ("011029",))),  # a ward of a city, whole
    ("岡山県 津山市", ("public_body", ("332038",))),
    ("静岡県賀茂郡東伊豆町", ("public_body", ("223018",))),
    ("高知県梼原町", ("public_body", ("394050",))),  # 梼 and the table's 檮
    ("栃木県 那須塩原市、大田原市", ("public_body", ("090000",))),  # a joint site: the prefecture
    ("環境省", ("national", ())),
    ("国土交通省 関東地方整備局 東京国道事務所", ("national", ())),
    ("警視庁", ("tokyo", ("130001",))),  # Tokyo's police, not a national agency
    ("国立研究開発法人 防災科学技術研究所", ("public_body", ("130001",))),
    ("株式会社オープンデータ", ("company", ("130001",))),
])
def test_publisher_names_and_traps(who, expected):
    assert _derive({"organization": {"title": who}}) == expected


def test_namesakes_without_context_are_left_alone():
    # 府中市 on a national source: Tokyo's or Hiroshima's? Nothing says.
    assert _derive({"maintainer": "府中市"}, ("national", ())) == ("national", ())
    assert _derive({"maintainer": "伊達市 企画課"}, ("national", ())) == ("national", ())
    assert _derive({"maintainer": "伊達市 企画課"}, ("public_body", ("070009",))) == \
        ("public_body", ("072133",))  # 福島県's 伊達市 on Fukushima's catalog


def test_title_names_a_municipality_only_on_prefecture_catalogs():
    titled = {"title": "【八王子市】AED設置箇所一覧"}
    assert _derive(titled) == ("municipality", ("132012",))
    # a national portal's dataset about a place is not that place's
    assert _derive(titled, ("national", ())) == ("national", ())
    # two places, or a place of another prefecture: nothing decided
    assert _derive({"title": "八王子市と町田市の人口"}) == TOKYO_SRC
    assert _derive({"title": "京都市の観光"}) == TOKYO_SRC


def test_dcat_publisher_name_counts():
    remote = {"title": "x", "extras": [{"key": "publisher_name", "value": "町田市"}]}
    assert _derive(remote) == ("municipality", ("132098",))


def _pkg(title, notes="", tags=(), resources=()):
    return {"title": title, "notes": notes, "tags": [{"name": t} for t in tags],
            "resources": [{"name": r, "description": ""} for r in resources]}


@pytest.mark.parametrize(("title", "theme", "focus", "standard"), [
    ("避難所一覧（千代田区）第3版", "justice_environment", "disaster", "shelter"),
    ("AED設置箇所一覧", "social_security", "disaster", "aed"),
    ("指定緊急避難場所一覧", "justice_environment", "disaster", "evacuation_site"),
    ("公衆トイレ一覧", "housing", "urban", "toilet"),
    ("地域・年齢別人口", "population", "urban", "population"),
    ("公衆無線LANアクセスポイント", "ict_science", "urban", "wifi"),
    ("文化財一覧", "education_culture", "other", "cultural_property"),
])
def test_standard_datasets(title, theme, focus, standard):
    c = classify.classify(_pkg(title))
    assert (c.theme[0], c.focus_area[0], c.standard_dataset) == (theme, focus, standard)


def test_themes_from_words_where_no_standard_dataset():
    c = classify.classify(_pkg("月別降水量と気温", tags=["気象"]))
    assert c.theme == ("land_weather",) and c.standard_dataset == ""
    c = classify.classify(_pkg("最低賃金の推移", notes="雇用と賃金の統計"))
    assert c.theme[0] == "labour"
    # ASCII words stand alone: "IT" in "WITH" is no ICT
    assert classify.classify(_pkg("WITH STATEMENT")).theme == ("other",)
    # resource column names count (a source listing them)
    remote = {"resources": [{"fields": [{"id": "漁獲量"}, {"id": "漁港名"}]}]}
    assert classify.classify(_pkg("令和5年 集計表"), remote).theme == ("agriculture",)
    assert classify.classify(_pkg("ハザードマップ")).focus_area == ("disaster",)


def test_apply_marks_what_it_assigned_and_keeps_what_is_set():
    cfg = SourceConfig(provider_type="tokyo", municipality_codes=("130001",))
    pkg = {"title": "避難所一覧", "provider_type": "tokyo", "municipality_codes": ["130001"],
           "theme": ["government"]}
    enrich_apply(pkg, {"maintainer": "新宿区 防災課"}, cfg)
    assert pkg["provider_type"] == "municipality" and pkg["municipality_codes"] == ["131041"]
    assert pkg["theme"] == ["government"]  # set at the source: kept, not auto
    assert pkg["standard_dataset"] == "shelter" and pkg["focus_area"] == ["disaster"]
    assert pkg["auto_classified"] == ["focus_area", "municipality_codes", "provider_type",
                                      "standard_dataset"]
    plain = {"title": "年齢別人口", "provider_type": "tokyo", "municipality_codes": ["130001"]}
    enrich_apply(plain, {}, cfg)  # nothing about the publisher: the source's, not marked
    assert "provider_type" not in plain["auto_classified"]
