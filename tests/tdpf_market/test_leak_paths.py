"""The two CKAN actions that build dataset/resource dicts without
package_show or package_search as the caller (resource_search,
current_package_list_with_resources) show what package_show shows: no URL of
conditional or paid data to users without a grant, and a URL search does
not find (or count) what the caller cannot see."""
from __future__ import annotations

import json

from tests.tdpf_market.conftest import OPEN_URL, SECRET_URL

SECRET = "data.mobility.example.jp/secret"


def _get(app, url, user=None):
    headers = {}
    if user is not None:
        from ckan.tests import factories
        headers["Authorization"] = factories.APIToken(user=user["id"])["token"]
    response = app.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.json["result"]


def test_resource_search_and_package_list_hide_gated_urls(app, market):
    for user in (None, market["nonmember"], market["free_member"], market["other_editor"]):
        found = _get(app, "/api/3/action/resource_search?query=url:secret", user)
        assert found == {"count": 0, "results": []}, user
        found = _get(app, "/api/3/action/resource_search?query=url:mobility", user)
        assert [r["url"] for r in found["results"]] == [OPEN_URL]
        assert found["count"] == 1
        # found by name: left out, or shown with the request-access link
        by_name = _get(app, "/api/3/action/resource_search?query=name:人流", user)
        assert by_name["count"] == len(by_name["results"]) and SECRET not in json.dumps(by_name)
        assert all(r["url"].endswith("/request-access") for r in by_name["results"])
        listed = _get(app, "/api/3/action/current_package_list_with_resources?limit=50", user)
        assert {p["name"] for p in listed} >= {"stations", "people-flow", "flow-premium"}
        assert "flow-private" not in {p["name"] for p in listed}
        assert SECRET not in json.dumps(listed, ensure_ascii=False)

    # the provider still finds its own data by URL, paged as CKAN pages
    provider = market["provider"]
    found = _get(app, "/api/3/action/resource_search?query=url:secret", provider)
    assert found["count"] == 2  # conditional and paid (private ones are never searched)
    assert {r["url"] for r in found["results"]} == {SECRET_URL, SECRET_URL + "?premium"}
    page = _get(app, "/api/3/action/resource_search?query=url:secret&order_by=url"
                     "&offset=1&limit=1", provider)
    assert page["count"] == 2 and [r["url"] for r in page["results"]] == [SECRET_URL + "?premium"]


def test_resource_search_bad_paging_is_a_400(app, market):
    response = app.get("/api/3/action/resource_search?query=url:x&offset=-1")
    assert response.status_code == 409  # CKAN's ValidationError
    assert "offset" in response.json["error"]
