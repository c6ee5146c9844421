"""resource_search and current_package_list_with_resources (chained in
logic/visibility.py) cost what the page asked for costs: the same number of
SQL statements for a one-result page whatever the size of the catalogue,
and paging through them finds every visible resource exactly once."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from tests.factories import Dataset
from tests.sql_statements import recorded

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _datasets(org, count: int, start: int = 0, files: str = "ab") -> None:
    for n in range(start, start + count):
        Dataset(owner_org=org["id"], name=f"reads-{n}",
                resources=[{"url": f"http://example.org/{n}/{f}.csv"} for f in files])


def _cost(action: str, **params) -> int:
    call_action(action, {"user": ""}, **params)  # warm caches
    model.Session.remove()  # a fresh session, as each request has
    with recorded() as seen:
        call_action(action, {"user": ""}, **params)
    return len(seen)


def test_a_resource_search_page_costs_the_same_in_a_larger_catalogue():
    # one resource each: a page then reads as many datasets in any order
    org = ckan_factories.Organization()
    _datasets(org, 3, files="a")
    small = _cost("resource_search", query="url:http", limit=1)
    _datasets(org, 12, start=3, files="a")
    assert _cost("resource_search", query="url:http", limit=1) == small


def test_current_package_list_costs_what_package_search_costs():
    org = ckan_factories.Organization()
    _datasets(org, 8)
    # not a package_show per dataset on top of the search
    assert _cost("current_package_list_with_resources", limit=8) \
        == _cost("package_search", q="", rows=8)


def test_paging_resource_search_finds_each_visible_resource_once():
    org = ckan_factories.Organization()
    _datasets(org, 5)
    private = Dataset(owner_org=org["id"], private=True,
                      resources=[{"url": "http://example.org/private.csv"}])
    seen, offset = [], 0
    while True:
        page = call_action("resource_search", {"user": ""}, query="url:http",
                           limit=3, offset=offset)
        seen += [r["url"] for r in page["results"]]
        offset += 3
        if offset >= page["count"]:
            break
        assert page["count"] == offset + 1  # "there is more"
    assert sorted(seen) == sorted(f"http://example.org/{n}/{f}.csv"
                                  for n in range(5) for f in "ab")
    assert private["resources"][0]["url"] not in seen
    # the count is exact on the last page, and without a limit all 10 fit
    assert call_action("resource_search", {"user": ""}, query="url:http")["count"] == 10


def test_current_package_list_pages_like_package_search():
    org = ckan_factories.Organization()
    _datasets(org, 4)
    first = call_action("current_package_list_with_resources", {"user": ""}, limit=3)
    second = call_action("current_package_list_with_resources", {"user": ""},
                         limit=3, offset=3)
    assert len(first) == 3 and len(second) == 1
    assert {p["name"] for p in first + second} == {f"reads-{n}" for n in range(4)}
    assert all(len(p["resources"]) == 2 for p in first)


def _pages(limit: int, **params) -> list[str]:
    seen, offset = [], 0
    while True:
        page = call_action("resource_search", {"user": ""}, query="url:http",
                           limit=limit, offset=offset, **params)
        seen += [r["url"] for r in page["results"]]
        offset += limit
        if offset >= page["count"]:
            return seen


def test_pages_of_any_size_line_up_in_small_rounds(monkeypatch):
    from ckanext.tdpf.logic import visibility

    org = ckan_factories.Organization()
    _datasets(org, 4, files="ba")
    monkeypatch.setattr(visibility, "_MAX_CHUNK", 2)  # many rounds per page
    everything = _pages(100, order_by="url")
    assert everything == sorted(everything) and len(everything) == 8
    for limit in (1, 3):
        assert _pages(limit, order_by="url") == everything
    by_id = _pages(100)
    assert _pages(3) == by_id and sorted(by_id) == sorted(everything)
    # a page past the end: read in rounds of 2, the count exact
    assert call_action("resource_search", {"user": ""}, query="url:http",
                       offset=10**6, limit=5) == {"count": 8, "results": []}


def test_a_far_offset_is_read_in_bounded_rounds():
    org = ckan_factories.Organization()
    _datasets(org, 2)
    with recorded() as seen:
        found = call_action("resource_search", {"user": ""}, query="url:http", offset=10**9)
    asked = [max(v for v in parameters.values() if isinstance(v, int))
             for statement, parameters in seen
             if "FROM resource JOIN package" in statement and " LIMIT " in statement]
    assert found == {"count": 4, "results": []}
    # the database is asked for a round of at most 500, not offset + limit
    assert asked and max(asked) == 500
