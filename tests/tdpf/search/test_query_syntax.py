"""Every construct of the Solr/Lucene syntax that CKAN and API clients send,
answered by the PostgreSQL backend through package_search."""
from __future__ import annotations

import datetime

import pytest

from ckan.lib.search.common import SearchError
from ckan.tests.helpers import call_action

from .conftest import search_names

pytestmark = pytest.mark.usefixtures("catalog")


def names(q=None, **kw):
    if q is not None:
        kw["q"] = q
    return set(search_names(rows=100, **kw))


ALL = {"shelter-designated", "shelter-list", "toilets", "kyoto-tourism",
       "tokyo-population", "aed", "tdpfzqx"}


def test_match_all_forms():
    assert names("*:*") == ALL
    assert names("") == ALL
    assert names() == ALL


def test_plain_terms_are_anded():
    assert names("避難所 千代田") == {"shelter-designated"}


def test_explicit_or():
    assert names("トイレ OR 観光") == {"toilets", "kyoto-tourism"}


def test_and_not_and_parentheses():
    assert names("避難所 AND NOT 千代田") == {"shelter-list"}
    assert names("(トイレ OR 観光) AND 東京都") == {"toilets"}


def test_required_and_prohibited():
    assert names("+避難所 -千代田") == {"shelter-list"}
    assert names("-避難所") == ALL - {"shelter-designated", "shelter-list"}


def test_quoted_phrase_requires_adjacency():
    assert names('"避難所一覧"') == {"shelter-designated", "shelter-list"}
    # both words occur in the toilets dataset, but not next to each other
    assert "toilets" in names("東京都 所在地")
    assert names('"東京都 所在地"') == set()
    assert names('"公衆 トイレ"') == {"toilets"}


def test_field_value_on_string_and_text_fields():
    assert names("tags:防災") == {"shelter-designated", "shelter-list"}
    assert names('tags:"防災"') == {"shelter-designated", "shelter-list"}
    assert names("organization:chiyoda") == {"shelter-designated", "aed"}
    assert names("title:避難所") == {"shelter-designated", "shelter-list"}
    # notes mention 東京都 but title does not
    assert names("title:東京都") == {"tokyo-population"}
    assert names("res_format:XLSX") == {"toilets"}
    assert names("tags:(人口 OR 観光)") == {"tokyo-population", "kyoto-tourism"}


def test_unknown_field_matches_nothing():
    assert names("no_such_field:防災") == set()
    assert names("避難所", fq="no_such_field:x") == set()


def test_field_exists():
    assert names("version:*") == {"shelter-designated"}
    assert names("tags:*") == ALL


def test_prefix_wildcard():
    assert names("name:shelter*") == {"shelter-designated", "shelter-list"}
    assert names("name:toil*") == {"toilets"}
    assert names("title:避難*") == {"shelter-designated", "shelter-list"}


def test_date_ranges_with_date_math():
    assert names("metadata_modified:[NOW-1DAY TO *]") == ALL
    assert names("metadata_modified:[* TO NOW-1DAY]") == set()
    assert names("metadata_created:{NOW-1HOUR TO NOW+1HOUR}") == ALL
    year = datetime.date.today().year
    assert names(f"metadata_created:[{year - 1}-01-01T00:00:00Z TO *]") == ALL
    assert names("metadata_created:[2000-01-01T00:00:00Z TO 2001-01-01T00:00:00Z]") == set()


def test_numeric_ranges_inclusive_and_exclusive():
    assert names("num_resources:[2 TO *]") == {"toilets"}
    assert names("num_resources:[1 TO 2]") == ALL
    assert names("num_resources:{1 TO 2]") == {"toilets"}
    assert names("num_resources:[1 TO 2}") == ALL - {"toilets"}


def test_clause_order_and_combined_conditions():
    # A prohibited clause before a required one, several filters, a ranked
    # query and a sort with a parameter of its own, all in one statement.
    assert names("-千代田 +避難所") == {"shelter-list"}
    assert search_names(q="避難所 -千代田", fq_list=["-organization:mlit", "name:shelter*"],
                        sort="data_rate_score desc, title_string asc") == ["shelter-list"]
    assert search_names(q="避難所", fq="-name:shelter-list +organization:chiyoda",
                        sort="data_rate_stars asc") == ["shelter-designated"]


def test_fq_and_fq_list_filter():
    assert names("避難所", fq="organization:tokyo") == {"shelter-list"}
    assert names("*:*", fq_list=["tags:防災", "organization:chiyoda"]) == {"shelter-designated"}


def test_rows_start_and_sort():
    ordered = search_names(q="*:*", sort="title_string asc", rows=100)
    titles = [call_action("package_show", id=n)["title"] for n in ordered]
    assert titles == sorted(titles)
    assert search_names(q="*:*", sort="title_string asc", rows=2, start=1) == ordered[1:3]
    assert search_names(q="*:*", sort="name desc", rows=3) == sorted(ALL, reverse=True)[:3]


def test_default_sort_is_recent_first_for_match_all():
    results = call_action("package_search", q="*:*", rows=100)["results"]
    modified = [r["metadata_modified"] for r in results]
    assert modified == sorted(modified, reverse=True)


def test_fl_returns_requested_fields():
    result = call_action("package_search", q="name:toilets", fl=["name", "title"])
    assert result["results"] == [{"name": "toilets", "title": "公衆トイレ一覧"}]
    result = call_action("package_search", q="name:toilets", fl=["res_format"])
    assert sorted(result["results"][0]["res_format"]) == ["CSV", "XLSX"]


def test_magic_fields_and_local_params_are_refused():
    with pytest.raises(SearchError):
        call_action("package_search", q="_query_:foo")
    with pytest.raises(SearchError):
        call_action("package_search", q="{!lucene}foo")


@pytest.mark.parametrize("bad", [
    "title:(避難所", "避難所 AND", "[a TO", "a OR OR b", ")",
    "metadata_modified:[yesterday TO *]", "num_resources:[one TO 2]",
    "a:b:c",
])
def test_malformed_query_is_a_search_error(bad):
    with pytest.raises(SearchError) as err:
        call_action("package_search", q=bad)
    assert str(err.value)


def test_absurd_queries_are_refused_not_crashed():
    with pytest.raises(SearchError, match="nested too deeply"):
        call_action("package_search", q="(" * 1500 + "a" + ")" * 1500)
    with pytest.raises(SearchError, match="longer than"):
        call_action("package_search", q="避難所 " * 1200)
    # many words: still answered
    assert call_action("package_search", q=" OR ".join(["避難所"] * 40))["count"] == 2


def test_bad_sort_is_rejected():
    from ckan.lib.search.common import SearchQueryError
    with pytest.raises(SearchQueryError):
        call_action("package_search", q="*:*", sort="title_string sideways")
