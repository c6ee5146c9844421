"""Japanese matching users rely on: compounds, no Kyoto-in-Tokyo false
positives, width and case folding, unknown words as substrings."""
from __future__ import annotations

import pytest

from .conftest import search_names

pytestmark = pytest.mark.usefixtures("catalog")


def names(q):
    return set(search_names(q=q, rows=100))


def test_shelter_finds_compound_titles():
    assert names("避難所") == {"shelter-designated", "shelter-list"}


def test_toilet_finds_public_toilets():
    assert names("トイレ") == {"toilets"}


def test_kyoto_does_not_match_tokyo_metropolis():
    # Every Tokyo dataset says 東京都; only the Kyoto one is about 京都.
    assert names("京都") == {"kyoto-tourism"}


def test_tokyo_matches_inside_longer_words():
    # 東京都内 is tokenised 東京/都内, yet a user searching 東京都 expects it.
    assert {"toilets", "tokyo-population", "shelter-list"} <= names("東京都")
    assert "kyoto-tourism" not in names("東京都")


def test_full_width_and_case_are_folded():
    assert names("ＡＥＤ") == {"aed"}
    assert names("aed") == {"aed"}
    assert names("Aed") == {"aed"}


def test_phrase_requires_adjacent_words():
    assert names('"緊急避難所"') == {"shelter-designated"}
    assert names('"避難所 緊急"') == set()


def test_unknown_word_matches_as_substring():
    # ゼクシオンラボ is not in the dictionary; a part of it still matches.
    assert names("シオンラ") == {"tdpfzqx"}
    assert names("ゼクシオン") == {"tdpfzqx"}


def test_precision_on_short_kanji_words():
    # 人口 is in one dataset only, though 口 and 人 are common characters.
    assert names("人口") == {"tokyo-population"}
    assert names("観光") == {"kyoto-tourism"}
