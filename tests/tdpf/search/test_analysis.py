"""Analysis and date math without a database (fast)."""
from __future__ import annotations

import datetime
import re

import pytest

from ckanext.tdpf.search import analysis, datemath
from ckanext.tdpf.search.analysis import ANCHOR, VARIANT, lexemes, normalize, word_query
from ckanext.tdpf.search.compiler import QuerySyntaxError, compile_query

NOW = datetime.datetime(2026, 11, 26, 15, 30, tzinfo=datetime.UTC)


def test_normalize_folds_width_and_case():
    assert normalize("ＡＥＤ　１２３") == "aed 123"
    assert normalize("Ｔｏｋｙｏ") == "tokyo"


def test_anchors_start_only_at_token_starts():
    lex, _ = lexemes(normalize("東京都内の公衆トイレ"))
    assert ANCHOR + "東京都" in lex          # 東京/都内: starts at 東
    assert ANCHOR + "京都" not in lex        # no token starts at 京
    assert ANCHOR + "トイレ" in lex
    assert ANCHOR + "の公衆" in lex          # hiragana is Japanese script too


def test_query_word_is_one_anchor_lookup():
    assert word_query("避難所", exact=True) == f"'{ANCHOR}避難所'"
    assert word_query("ＡＥＤ") == "'aed'"
    assert word_query("子育て施設", exact=True) == f"'{ANCHOR}子育て施設'"
    assert word_query("aed設置", exact=True) == f"'aed' & '{ANCHOR}設置'"
    assert word_query("。、") is None


def test_any_spelling_looks_up_both_anchor_marks():
    # written 避難所 in the text, or normalised to it from another spelling
    assert word_query("避難所") == f"('{ANCHOR}避難所' | '{VARIANT}避難所')"
    # 問合せ as typed, or its normalised spelling 問い合わせ
    assert word_query("問合せ") == (f"('{ANCHOR}問合せ') | (('{ANCHOR}問い合わせ' | "
                                   f"'{VARIANT}問い合わせ'))")


def test_variant_anchors_only_where_the_spelling_differs():
    lex, _ = lexemes(normalize("引越し手続き"))
    assert VARIANT + "引っ越し" in lex and ANCHOR + "引越し" in lex
    lex, _ = lexemes(normalize("東京都内の公衆トイレ"))
    assert not [x for x in lex if x.startswith(VARIANT)]  # nothing to normalise
    lex, _ = lexemes(normalize("東京都"))
    assert VARIANT + "京都" not in lex and ANCHOR + "京都" not in lex


@pytest.mark.parametrize(("written", "normalised"), [
    ("問合せ", "問い合わせ"), ("引越し", "引っ越し"), ("受付", "受け付け"),
    ("3ヶ所", "3箇所"), ("3か所", "3箇所"), ("齋藤", "斎藤"), ("斉藤", "斎藤"),
    ("ヴァイオリン", "バイオリン"), ("霞が関", "霞ケ関"), ("霞ヶ関", "霞ケ関"),
    ("鉢ヶ崎", "鉢ケ崎"), ("子ども", "子供"), ("ゴミ", "ごみ"), ("檜原村", "桧原村"),
    # inflected words keep their ending (the dictionary form would be 引っ越す)
    ("引っ越し手続き", "引っ越し手続き"),
])
def test_normalised_spellings(written, normalised):
    assert "".join(t.norm for t in analysis.tokenize(normalize(written))) == normalised


def test_latin_words_are_not_respelled():
    # the dictionary's normalised form of some Latin words is katakana
    assert [t.norm for t in analysis.tokenize(normalize("summer aed"))] == ["summer", "aed"]


def test_long_word_is_covered_by_overlapping_anchors():
    q = word_query("自治体標準オープンデータセット", exact=True)
    assert q == (f"'{ANCHOR}自治体標準オープ' & '{ANCHOR}オープンデータセ' & "
                 f"'{ANCHOR}セット'")


def test_phrase_positions_skip_spaces_and_punctuation():
    a = analysis.tokenize(normalize("指定 緊急"))
    b = analysis.tokenize(normalize("指定・緊急"))
    assert [t.pos for t in a] == [t.pos for t in b] == [0, 2]


@pytest.mark.parametrize(("expr", "expected"), [
    ("NOW", NOW),
    ("NOW-1DAY", NOW - datetime.timedelta(days=1)),
    ("NOW/DAY", NOW.replace(hour=0, minute=0)),
    ("NOW-1MONTH/MONTH", datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)),
    ("2024-01-31T00:00:00Z+1DAY", datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC)),
    ("2024-01-31", datetime.datetime(2024, 1, 31, tzinfo=datetime.UTC)),
])
def test_date_math(expr, expected):
    assert datemath.parse(expr, now=NOW) == expected


@pytest.mark.parametrize(("bad", "culprit"), [
    ("yesterday", "'yesterday' is not a date"),
    ("NOW-1FORTNIGHT", "unknown date unit 'FORTNIGHT'"),
    ("NOW+X", "cannot understand '+X'"),
])
def test_date_math_errors_say_what_is_wrong(bad, culprit):
    with pytest.raises(datemath.DateMathError, match=re.escape(culprit)):
        datemath.parse(bad, now=NOW)


def test_compile_errors_name_the_problem():
    with pytest.raises(QuerySyntaxError, match="unmatched parenthesis"):
        compile_query("title:(避難所")
    with pytest.raises(QuerySyntaxError, match="metadata_modified"):
        compile_query("metadata_modified:[昨日 TO *]")
    with pytest.raises(QuerySyntaxError, match="regular expressions"):
        compile_query("title:/ab+c/")


def test_match_all_compiles_to_true():
    assert compile_query("*:*").sql == "TRUE"
    assert compile_query("  ").sql == "TRUE"
