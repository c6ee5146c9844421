"""The shared vocabularies: facts that every plugin relies on."""
from __future__ import annotations

import pytest

from ckanext.tdpf.vocab import choices, formats, licences, lists, municipality


@pytest.mark.parametrize(("code", "name"), [
    ("130001", "東京都"), ("131016", "千代田区"), ("132292", "西東京市"),
    ("011002", "札幌市"), ("472018", "那覇市"),
])
def test_known_codes_and_names(code, name):
    assert municipality.validate(code) == code
    assert municipality.name(code) == name


def test_every_code_in_the_table_has_a_valid_check_digit():
    table = municipality.table()
    assert len(table) > 1900
    assert all(municipality.check_digit(c[:5]) == c[5] for c in table)
    tokyo = [c for c in table if c.startswith("13")]
    assert len(tokyo) == 63  # 東京都 and its 62 区市町村


@pytest.mark.parametrize(("first5", "digit"), [("13101", "6"), ("13229", "2"), ("13000", "1")])
def test_check_digit_rule(first5, digit):
    assert municipality.check_digit(first5) == digit


def test_check_digit_remainders_zero_and_one():
    # r = 0 gives 1, r = 1 gives 0 (BRIEF): find prefixes hitting both.
    by_r = {}
    for n in range(100000):
        p = f"{n:05d}"
        s = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), p, strict=True))
        by_r.setdefault(s % 11, p)
        if 0 in by_r and 1 in by_r:
            break
    assert municipality.check_digit(by_r[0]) == "1"
    assert municipality.check_digit(by_r[1]) == "0"


@pytest.mark.parametrize(("code", "reason", "correct"), [
    ("131015", "check_digit", "131016"), ("13101", "format", ""),
    ("abcdef", "format", ""), ("999997", "unknown", ""),
])
def test_bad_codes(code, reason, correct):
    with pytest.raises(municipality.CodeError) as err:
        municipality.validate(code)
    assert (err.value.reason, err.value.correct) == (reason, correct)


def test_full_width_code_is_accepted():
    assert municipality.validate("１３１０１６") == "131016"


@pytest.mark.parametrize(("value", "expected"), [
    ("csv", "CSV"), ("CSV ", "CSV"), ("text/csv", "CSV"), (".xlsx", "XLSX"),
    ("application/vnd.ms-excel", "XLS"), ("ＣＳＶ", "CSV"), ("jpg", "JPEG"),
    ("http://publications.europa.eu/resource/authority/file-type/CSV", "CSV"),
    ("", ""), ("Something", "SOMETHING"),
])
def test_format_normalisation(value, expected):
    assert formats.normalise(value) == expected


def test_format_properties():
    assert formats.info("csv").non_proprietary and formats.info("csv").machine_readable
    assert not formats.info("pdf").machine_readable
    assert not formats.info("xlsx").non_proprietary
    assert formats.media_type("geojson") == "application/geo+json"


@pytest.mark.parametrize(("value", "expected"), [
    ("cc-by-40-intl", "cc-by-4.0"), ("クリエイティブ・コモンズ 表示 4.0 国際", "cc-by-4.0"),
    ("政府標準利用規約", "gsl-2.0"), ("japanese-20", "gsl-2.0"), ("cc-by-21-jp", "cc-by-2.1-jp"),
    ("公共データ利用規約 第1.0版", "pdl-1.0"), ("CC0", "cc-zero"),
    ("https://creativecommons.org/licenses/by/4.0/", "cc-by-4.0"),
    ("proprietary", None), ("", None),
])
def test_licence_normalisation(value, expected):
    assert licences.normalise(value) == expected


def test_licence_list_and_open_flags():
    ids = set(licences.licences())
    assert ids == {"pdl-1.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-zero", "odc-odbl",
                   "gsl-2.0", "cc-by-2.1-jp", "conditional"}
    assert licences.is_open("pdl-1.0") and not licences.is_open("conditional")
    assert all(lic["url"] for lid, lic in licences.licences().items() if lid != "conditional")
    # ADMS licence types: DCAT output and ODRL duties (attribution, share-alike) read them.
    assert {lid: licences.licence_type(lid) for lid in ids} == {
        "pdl-1.0": "Attribution", "cc-by-4.0": "Attribution", "cc-by-sa-4.0": "ShareAlike",
        "cc-zero": "PublicDomain", "odc-odbl": "ShareAlike", "gsl-2.0": "Attribution",
        "cc-by-2.1-jp": "Attribution", "conditional": "UnknownIPR"}


def test_vocabulary_sizes_and_labels():
    assert len(choices.THEMES) == 17
    assert choices.label("provider_type", "municipality") == "区市町村"
    assert choices.label("provider_type", "municipality", "en") == "Municipality"
    assert choices.label("theme", "nonexistent") == "nonexistent"
    assert {v for v, *_ in choices.CADDE["trading_policy_use_application"]} >= {"商用", "研究"}


@pytest.mark.parametrize(("value", "expected"), [
    (["131016", "131024"], ["131016", "131024"]),
    ('["land_weather", "population"]', ["land_weather", "population"]),
    ("JPN", ["JPN"]), ("[broken", ["[broken"]), ("", []), (None, []),
    (["a", "", None], ["a"]), (5, ["5"]),
])
def test_stored_list_fields_in_every_shape(value, expected):
    assert lists.as_list(value) == expected
