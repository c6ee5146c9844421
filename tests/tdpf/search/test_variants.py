"""Spelling variants find each other (search/variants.py), precision holds,
and the exact spelling ranks first. The case files are measured by
bench/variants.py as well."""
from __future__ import annotations

from pathlib import Path

import pytest

from ckan import model
from ckan.tests import factories

from ckanext.tdpf.search import probe

from tests import factories as tdpf_factories

from .conftest import search_names

HERE = Path(__file__).resolve().parent
PAIRS = list(probe.read_cases(HERE / "variant_pairs.tsv"))
TRAPS = list(probe.read_cases(HERE / "variant_traps.tsv"))
REALDATA = Path(__file__).resolve().parents[4] / "shared" / "realdata"


def _execute(sql, params):
    return model.Session.connection().exec_driver_sql(sql, params)


def test_the_case_files_cover_every_class():
    assert len(PAIRS) >= 60
    classes = {case.label for case in PAIRS}
    assert classes == {"okurigana", "counter", "place", "kanji", "katakana", "kana-kanji"}


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared real data not present")
def test_the_texts_are_real():
    for case in PAIRS + TRAPS:
        if case.source != "-":
            content = (REALDATA / case.source).read_text(encoding="utf-8-sig")
            assert case.text.replace("\u3000", " ") in content.replace("\u3000", " "), case


@pytest.mark.usefixtures("clean_db")
def test_every_variant_pair_is_found():
    missed = [f"{c.query} -> {c.text}" for c in PAIRS if not probe.finds(_execute, c.query, c.text)]
    assert missed == []


@pytest.mark.usefixtures("clean_db")
def test_no_trap_is_found():
    violated = [f"{c.query} -> {c.text}" for c in TRAPS if probe.finds(_execute, c.query, c.text)]
    assert violated == []


@pytest.fixture
def issue_catalog(clean_db):
    org = factories.Organization()
    for name, title in (("contact", "問い合わせ窓口一覧"), ("moving", "引っ越し手続き"),
                        ("hours", "受け付け時間"), ("water", "市内3箇所の給水所"),
                        ("saito", "齋藤記念館"), ("violin", "ヴァイオリン教室"),
                        ("printer", "プリンター設置場所"), ("hongkong", "香港 貿易統計"),
                        ("shinjuku", "新宿区 公園一覧"), ("minato", "港区 公園一覧"),
                        ("tokyo", "東京都 人口統計"), ("kyoto", "京都府 観光施設")):
        tdpf_factories.Dataset(owner_org=org["id"], name=name, title=title)


@pytest.mark.usefixtures("issue_catalog")
@pytest.mark.parametrize(("query", "expected"), [
    ("問合せ", {"contact"}), ("引越し", {"moving"}), ("受付", {"hours"}),
    ("3か所", {"water"}), ("3ヶ所", {"water"}), ("斎藤", {"saito"}), ("斉藤", {"saito"}),
    ("バイオリン", {"violin"}), ("プリンタ", {"printer"}),
    ("京都", {"kyoto"}), ("港区", {"minato"}), ("宿区", set()), ("新宿区", {"shinjuku"}),
    ('"問合せ"', set()), ('"問い合わせ"', {"contact"}),
])
def test_the_spellings_of_the_issue(query, expected):
    assert set(search_names(q=query, rows=100)) == expected


@pytest.mark.usefixtures("clean_db")
def test_exact_spelling_ranks_above_a_variant():
    org = factories.Organization()
    # the variant is newer, so recency alone would put it first
    tdpf_factories.Dataset(owner_org=org["id"], name="exact", title="問合せ先一覧")
    tdpf_factories.Dataset(owner_org=org["id"], name="variant", title="問い合わせ先一覧")
    assert search_names(q="問合せ") == ["exact", "variant"]
    assert search_names(q="問い合わせ") == ["variant", "exact"]
    # ... in process (a faceted search ranks with the cached tier sets) too
    assert search_names(q="問合せ", **{"facet.field": ["tags"]}) == ["exact", "variant"]
    # a variant in the title still ranks above the exact word in the description
    tdpf_factories.Dataset(owner_org=org["id"], name="in-notes", title="資料", notes="問合せ先")
    assert search_names(q="問合せ") == ["exact", "variant", "in-notes"]
