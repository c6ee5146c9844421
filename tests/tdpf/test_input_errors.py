"""Malformed input is answered 400/404/409 with a message naming what is
wrong, never 500, and stores nothing (issue 15, finding 8): every tdpf_*
action with ids of the wrong shape, core actions our plugins gate
(ckanext.tdpf.logic.gates), the request edge (ckanext.tdpf.edge: NUL,
unpaired surrogates, deep JSON) and the login's return address
(ckanext.tdpf.compat.url_is_local)."""
from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

import ckan.logic
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import _get_test_app, call_action

from tests.factories import Dataset, warranted

SURROGATE = "\ud800"  # a lone surrogate: a valid JSON escape, not encodable text
DEEP = 10_000
PASSWORD = "Input-2024-pass"


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for):
    from tests.conftest import reset_tdpf_db

    reset_tdpf_db(reset_db, migrate_db_for)
    admin = ckan_factories.Sysadmin(password=PASSWORD)
    org = ckan_factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    dataset = Dataset(owner_org=org["id"], user=admin, name="existing",
                      resources=[{"url": "https://example.jp/a.csv", "format": "CSV"}])
    token = ckan_factories.APIToken(user=admin["name"])["token"]
    return {"admin": admin, "org": org, "dataset": dataset,
            "headers": {"Authorization": token}}


@pytest.fixture(scope="module")
def client(world):
    """One app for the module (CKAN's ``app`` builds one per test, ~0.5 s)."""
    return _get_test_app()


def _post(client, world, action, body):
    return client.post(f"/api/3/action/{action}", headers=world["headers"],
                       data=body if isinstance(body, str) else json.dumps(body),
                       content_type="application/json")


def _error_text(answer) -> str:
    assert answer.json["success"] is False
    return json.dumps(answer.json["error"], ensure_ascii=False)


def _stored() -> tuple:
    """Rows of what a refused request must not have added to."""
    model.Session.remove()
    return tuple(model.Session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                 for table in ("package", "resource", "activity", "tdpf_trust_audit"))


def _assert_refused(answer, field):
    assert answer.status_code in (400, 404, 409), (answer.status_code, answer.text[:300])
    assert field in _error_text(answer)


# (action, data, the field the message must name)
ACTIONS = [
    ("harvest_source_create", {"url": 1, "source_type": "tdpf_ckan", "title": "x",
                               "name": "s1"}, "url"),
    ("harvest_source_create", {"url": ["https://example.jp/"], "source_type": "tdpf_ckan",
                               "title": "x", "name": "s2"}, "url"),
    ("harvest_source_create", {"url": "https://example.jp/", "source_type": 5,
                               "title": "x", "name": "s3"}, "source_type"),
    ("harvest_source_create", {"url": "https://example.jp/", "source_type": "tdpf_ckan",
                               "title": {"ja": "x"}, "name": "s4"}, "title"),
    ("harvest_source_create", {"url": "https://example.jp/", "source_type": "tdpf_ckan",
                               "title": "x", "name": ["s5"]}, "name"),
    ("package_search", {"fl": 1}, "fl"),
    ("package_search", {"fl": ["name", 2]}, "fl"),
    ("package_search", {"q": SURROGATE}, "q"),
    ("package_search", {"q": "a\x00b"}, "q"),
    ("package_search", {"include_private": "x"}, "include_private"),
    ("package_search", {"rows": " "}, "rows"),
    ("package_search", {"start": ""}, "start"),
    ("package_search", {"start": 10 ** 30}, "start"),
    ("package_search", {"fq": {"a": 1}}, "fq"),
    ("package_search", {"sort": ["name asc"]}, "sort"),  # the gate: text only here
    ("package_search", {"facet.field": "tags"}, "facet.field"),
    ("package_search", {"facet.field": [1]}, "facet.field"),
    ("package_search", {"fq_list": "x"}, "fq_list"),
    ("resource_search", {"query": 1}, "query"),
    ("resource_search", {"query": {"url": "x"}}, "query"),
    ("resource_search", {"query": [1]}, "query"),
    ("resource_search", {"query": "url"}, "query"),
    ("resource_search", {"query": "url:x", "offset": 10 ** 30}, "offset"),
    ("dcat_catalog_search", {"format": "garbage"}, "format"),
    ("dcat_catalog_search", {"page": "x"}, "page"),
    ("dcat_catalog_search", {"page": 10 ** 30}, "page"),
    ("dcat_catalog_search", {"modified_since": "x"}, "modified_since"),
    ("dcat_catalog_search", {"modified_since": 7}, "modified_since"),
    ("dcat_catalog_search", {"modified_since": "99999999999999-01-01"}, "modified_since"),
    ("tdpf_suspension_list", {"active_only": "x"}, "active_only"),
]


@pytest.mark.parametrize(("action", "data", "field"), ACTIONS,
                         ids=[f"{a}-{f}-{i}" for i, (a, _, f) in enumerate(ACTIONS)])
def test_bad_action_input_is_a_client_error(client, world, action, data, field):
    before = _stored()
    _assert_refused(_post(client, world, action, data), field)
    assert _stored() == before


# Any action through the API: ids, limit/offset and flags by CKAN's naming
# conventions (the edge), for core actions our plugins do not change too.
CORE = [
    ("package_show", {"id": ["existing"]}, "id"), ("package_show", {"id": {"a": 1}}, "id"),
    ("package_show", {"id": True}, "id"), ("package_show", {"id": 1.5}, "id"),
    ("package_show", {"id": "existing", "use_default_schema": "x"}, "use_default_schema"),
    ("resource_show", {"id": ["x"]}, "id"), ("organization_show", {"id": {"a": 1}}, "id"),
    ("package_list", {"offset": 10 ** 30}, "offset"), ("package_list", {"limit": ""}, "limit"),
    ("organization_list", {"all_fields": "x"}, "all_fields"),
    ("organization_list", {"sort": {"name": 1}}, "sort"),
    ("user_show", {"id": ["x"]}, "id"),
    ("activity_show", {"id": 1.5}, "id"),
]


@pytest.mark.parametrize(("action", "data", "field"), CORE,
                         ids=[f"{a}-{f}-{i}" for i, (a, _, f) in enumerate(CORE)])
def test_any_action_refuses_ids_and_numbers_of_the_wrong_shape(client, world, action, data, field):
    _assert_refused(_post(client, world, action, data), field)


@pytest.mark.parametrize("action", ["package_show", "activity_show", "tdpf_warranty_show"])
def test_an_id_sent_as_a_json_number_is_read_as_its_digits(client, world, action):
    answer = _post(client, world, action, {"id": 1})
    assert answer.status_code == 404, (answer.status_code, answer.text[:300])
    assert _post(client, world, action, {"id": "1"}).json == answer.json


def test_an_integer_finding_id_still_works_as_a_number(client, world):
    answer = _post(client, world, "tdpf_scan_finding_resolve",
                   {"id": 987654, "reason": "誤検出です"})
    assert answer.status_code == 404 and "987654" in _error_text(answer)


def test_an_infinite_finding_id_is_refused(client, world):
    answer = _post(client, world, "tdpf_scan_finding_resolve",
                   '{"id": 1e999, "reason": "誤検出です"}')
    _assert_refused(answer, "id")


@pytest.mark.parametrize("action", ["tdpf_scan_list", "tdpf_member_list", "tdpf_grant_list",
                                    "tdpf_access_request_list", "tdpf_audit_list",
                                    "tdpf_organization_review_list"])
@pytest.mark.parametrize("offset", [10 ** 30, "9" * 30, -1, "1e999"])
def test_list_offsets_beyond_bigint_are_refused(client, world, action, offset):
    _assert_refused(_post(client, world, action, {"offset": offset}), "offset")


DATASET_BAD = [({"private": "maybe"}, "private"), ({"private": [True]}, "private"),
               ({"private": {"a": 1}}, "private"), ({"license_id": 1}, "license_id"),
               ({"license_id": ["cc-by-4.0"]}, "license_id"),
               ({"title": "悪い\x00入力"}, "title"), ({"notes": "a" + SURROGATE}, "notes")]


@pytest.mark.parametrize(("bad", "field"), DATASET_BAD, ids=[f for _, f in DATASET_BAD])
def test_package_create_bad_types_store_nothing(client, world, bad, field):
    before = _stored()
    data = {"name": "bad-input", "title": "悪い入力", "license_id": "cc-by-4.0",
            "owner_org": world["org"]["id"], **bad}
    _assert_refused(_post(client, world, "package_create", warranted(**data)), field)
    assert model.Package.get("bad-input") is None
    assert _stored() == before


@pytest.mark.parametrize("action", ["package_update", "package_patch"])
@pytest.mark.parametrize(("bad", "field"), DATASET_BAD, ids=[f for _, f in DATASET_BAD])
def test_package_update_bad_types_change_nothing(client, world, action, bad, field):
    before = model.Package.get("existing")
    kept = (before.private, before.license_id, before.title, before.notes)
    data = {"id": "existing", **bad}
    if action == "package_update":
        data = {"title": "悪い更新", "license_id": "cc-by-4.0",
                "owner_org": world["org"]["id"], **data}
    _assert_refused(_post(client, world, action, warranted(**data)), field)
    model.Session.remove()
    after = model.Package.get("existing")
    assert (after.private, after.license_id, after.title, after.notes) == kept


@pytest.mark.parametrize("body", [
    "[" * DEEP + "]" * DEEP,
    '{"q": ' + "[" * DEEP + "]" * DEEP + "}",
    '{"q": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}",
    '{"q": ' + "[" * 40 + "]" * 40 + "}",  # parses, but deeper than any parameter
], ids=["list", "in-dict", "dicts", "forty"])
@pytest.mark.parametrize("as_form", [False, True], ids=["json", "form"])
def test_deeply_nested_json_is_refused(client, world, body, as_form):
    if as_form:  # CKAN also reads a form whose only key is the JSON text
        answer = client.post("/api/3/action/package_search", data={body: "1"})
    else:
        answer = client.post("/api/3/action/package_search", data=body,
                             content_type="application/json")
    assert answer.status_code == 400, (answer.status_code, answer.text[:300])
    assert "JSON" in _error_text(answer) and "32" in _error_text(answer)


PAGES = ["/dataset/a%00b", "/organization/a%00b", "/user/a%00b", "/market/download/a%00b",
         "/data-rate?organization=%00", "/dataset/?q=a%00b", "/catalog.ttl?q=%00",
         "/api/3/action/package_show?id=a%00b", "/api/3/action/tdpf_warranty_show?id=%00"]


@pytest.mark.parametrize("path", PAGES)
def test_nul_in_a_request_is_a_bad_request(client, world, path):
    answer = client.get(path)
    assert answer.status_code == 400, (answer.status_code, answer.text[:300])
    assert "NUL" in answer.text  # the message says what is wrong


@pytest.mark.parametrize("path", [
    "/dataset/a%ED%A0%80b",  # bytes that are not UTF-8: read as U+FFFD, not found
    "/catalog.ttl?page=x", "/catalog.ttl?modified_since=x", "/catalog.ttl?page=0",
    "/catalog.ttl?page=100000000000000000000000000000",
    "/catalog.jsonld?modified_since=2024-13-45", "/catalog.garbage",
])
def test_bad_catalog_and_dataset_addresses_are_client_errors(client, world, path):
    answer = client.get(path)
    assert answer.status_code in (400, 404, 409), (answer.status_code, answer.text[:300])


HUGE = "1" + "0" * 30
# (page, what its message must say)
BAD_PAGE_PARAMETERS = [
    (f"/dataset/?page={HUGE}", "page:"), (f"/organization/?page={HUGE}", "page:"),
    (f"/group/?page={HUGE}", "page:"), ("/dataset/?page=x", "page:"),
    ("/dataset/?sort=%20", "sort:"), ("/organization/?sort=%20", "sort:"),
    ("/user/?limit=x", "limit:"), ("/user/?limit=", "limit:"),
    ("/dataset/activity/existing?before=1e30", "before:"),
    ("/dataset/activity/existing?after=x", "after:"),
    ("/catalog.ttl?q=%5B", "query syntax"), ("/catalog.ttl?fq=%5B", "query syntax"),
    (f"/feeds/dataset.atom?page={HUGE}", "page:"), ("/feeds/custom.atom?sort=x", "sort"),
    ("/feeds/custom.atom?q=%5B", "query syntax"),
]


@pytest.mark.parametrize(("path", "message"), BAD_PAGE_PARAMETERS)
def test_bad_page_parameters_are_a_bad_request(client, world, path, message):
    answer = client.get(path)
    assert answer.status_code == 400, (answer.status_code, answer.text[:300])
    assert message in answer.text


def test_a_refusal_a_view_lets_through_is_a_403_not_a_500(client, world):
    answer = client.get("/api/2/util/user/autocomplete?q=adm")  # anonymous
    assert answer.status_code == 403, (answer.status_code, answer.text[:300])
    assert answer.json["error"]["__type"] == "Authorization Error"


@pytest.mark.parametrize("path", [
    "/dataset/?page=2", "/dataset/?sort=name+asc", "/dataset/?sort=", "/organization/?page=1",
    "/dataset/activity/existing?before=1", "/dataset/activity/existing?after=1",
    "/catalog.ttl?page=1", "/feeds/custom.atom?q=name:existing",
])
def test_ordinary_page_parameters_still_work(client, world, path):
    """before=1: older than every activity, a page with none (was 500:
    ckanext.tdpf.compat.activity_paging)."""
    assert client.get(path).status_code == 200


BAD_TARGETS = ["%5C%5Cevil.example", "//evil.example", "/%5Cevil.example",
               "https://evil.example/", "%09//evil.example", "%20//evil.example",
               "javascript:alert(1)", "dataset"]


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_login_page_with_an_off_site_return_address_still_answers(client, world, target):
    assert client.get(f"/user/login?came_from={target}").status_code == 200


def _log_in(client, world, query: str):
    """A fresh browser posting the login form (with its CSRF token)."""
    browser = client.test_client()
    form = browser.get(f"/user/login?{query}").text
    token = re.search(r'name="_csrf_token" content="([^"]+)"', form).group(1)
    return browser.post(f"/user/login?{query}", follow_redirects=False,
                        data={"login": world["admin"]["name"], "password": PASSWORD,
                              "_csrf_token": token}), browser


@pytest.mark.parametrize("target", BAD_TARGETS)
@pytest.mark.parametrize("key", ["came_from", "next"])
def test_login_never_sends_the_browser_off_site(client, world, key, target):
    answer, browser = _log_in(client, world, f"{key}={target}")
    assert answer.status_code == 302, (answer.status_code, answer.text[:300])
    location = answer.headers["Location"]
    assert "evil.example" not in location and "javascript" not in location
    assert re.match(r"^(https?://test\.ckan\.net)?/[^/\\]", location), location
    logged_in = browser.get(f"/user/logged_in?came_from={target}", follow_redirects=False)
    assert "evil.example" not in logged_in.headers.get("Location", "")


def test_login_still_returns_to_a_page_of_the_site(client, world):
    answer, _ = _log_in(client, world, "came_from=/dataset/existing")
    assert answer.headers["Location"].endswith("/dataset/existing")


# Every registered tdpf_* action, with an id of each wrong shape (a JSON
# number is taken as its digits, as a query string gives them: not found,
# or nothing matches).
BAD_IDS = {"int": 1, "bool": True, "list": ["a"], "dict": {"a": 1}, "float": 1.5,
           "nul": "a\x00b", "surrogate": "a" + SURROGATE}


def _tdpf_actions() -> dict[str, list[str]]:
    """Each tdpf_* action and the id-like parameters its docstring lists."""
    tk.get_action("package_show")  # builds the registry
    out = {}
    for name, func in sorted(ckan.logic._actions.items()):
        if name.startswith("tdpf_"):
            params = re.findall(r":param (\w+):", func.__doc__ or "")
            ids = [p for p in params if p in ("id", "user", "organization") or p.endswith("_id")]
            out[name] = ids or ["id"]
    return out


def test_every_tdpf_action_is_behind_the_shared_checks():
    """A plugin registering tdpf_* actions without params.guarded_actions
    fails here."""
    actions = _tdpf_actions()
    assert len(actions) >= 38
    assert [n for n in actions if not getattr(ckan.logic._actions[n], "tdpf_guarded", False)] == []


@pytest.mark.parametrize("shape", list(BAD_IDS))
def test_no_tdpf_action_answers_500_to_a_bad_id(client, world, shape):
    before, failures = _stored(), []
    for action, keys in _tdpf_actions().items():
        for key in keys:
            answer = _post(client, world, action, {key: BAD_IDS[shape]})
            if answer.status_code >= 500:
                failures.append(f"{action} {key}: {answer.status_code}")
            elif shape != "int" and key not in _error_text(answer):
                failures.append(f"{action} {key}: the message does not name {key}")
    assert not failures
    assert _stored() == before


@pytest.mark.parametrize("shape", ["list", "dict", "nul", "surrogate", "float"])
def test_tdpf_actions_called_from_code_refuse_bad_ids_too(world, shape):
    """The checks are the actions' own, not only the HTTP edge's."""
    context = {"user": world["admin"]["name"], "ignore_auth": True}
    for action, keys in _tdpf_actions().items():
        for key in keys:
            with pytest.raises(tk.ValidationError) as refused:
                call_action(action, dict(context), **{key: BAD_IDS[shape]})
            assert key in refused.value.error_dict, action


# Core and extension actions whose own code answered 500 to a missing or
# malformed parameter (the route walk found them): (action, data, the field
# the message must name)
MORE = [
    ("group_autocomplete", {}, "q"), ("organization_autocomplete", {}, "q"),
    ("harvest_job_list", {}, "source_id"), ("harvest_log_list", {}, "level"),
    ("harvest_source_show_status", {}, "id"), ("harvest_sources_reindex", {}, "id"),
    ("harvest_source_show_status", {"id": ["x"]}, "id"),
    ("harvest_source_list", {"id": "x"}, "id"),
    ("package_collaborator_list", {}, "id"),
    ("package_create_default_resource_views", {}, "package"),
    ("package_create_default_resource_views", {"package": "x"}, "package"),
    ("resource_create_default_resource_views", {"resource": "x"}, "resource"),
    ("resource_create_default_resource_views", {"resource": ["x"]}, "resource"),
    ("user_list", {"q": 1}, "q"), ("user_list", {"email": ["a"]}, "email"),
    ("group_list", {"sort": " "}, "sort"), ("organization_list", {"order_by": " "}, "order_by"),
    ("group_list", {"order_by": " "}, "order_by"), ("organization_list", {"sort": " "}, "sort"),
]


@pytest.fixture(scope="module")
def callers(world):
    """Request headers of a sysadmin, a user of no organisation, anonymous
    (the harvest auth functions fail differently for each)."""
    user = ckan_factories.User()
    token = ckan_factories.APIToken(user=user["name"])["token"]
    return {"sysadmin": world["headers"], "user": {"Authorization": token}, "anonymous": {}}


@pytest.mark.parametrize("caller", ["sysadmin", "user", "anonymous"])
@pytest.mark.parametrize(("action", "data", "field"), MORE,
                         ids=[f"{a}-{f}-{i}" for i, (a, _, f) in enumerate(MORE)])
def test_missing_or_malformed_parameters_are_client_errors(client, callers, caller,
                                                           action, data, field):
    answer = client.post(f"/api/3/action/{action}", headers=callers[caller],
                         data=json.dumps(data), content_type="application/json")
    if answer.status_code == 200:  # an answer (all jobs, no users...) is no error either
        assert answer.json["success"] is True
    elif answer.status_code == 403:
        assert answer.json["error"]["__type"] == "Authorization Error"
    else:
        _assert_refused(answer, field)


@pytest.mark.parametrize("caller", ["sysadmin", "user", "anonymous"])
def test_activity_show_of_any_activity_is_no_500(client, world, callers, caller):
    activities = (call_action("organization_activity_list", id=world["org"]["id"])
                  + call_action("user_activity_list", id=world["admin"]["id"])
                  + call_action("package_activity_list", id="existing"))
    for activity in activities:
        for extra in ({}, {"include_data": False}):
            answer = client.post("/api/3/action/activity_show", headers=callers[caller],
                                 data=json.dumps({"id": activity["id"], **extra}),
                                 content_type="application/json")
            assert answer.status_code in (200, 403), (activity["activity_type"], extra,
                                                      answer.status_code, answer.text[:300])


@pytest.mark.parametrize("caller", ["user", "anonymous"])
@pytest.mark.parametrize("action", ["package_collaborator_list",
                                    "package_collaborator_list_for_user"])
def test_collaborators_of_a_dataset_are_refused_not_a_500(client, world, callers, caller,
                                                          action):
    answer = client.post(f"/api/3/action/{action}", headers=callers[caller],
                         data=json.dumps({"id": "existing"}), content_type="application/json")
    assert answer.status_code in (403, 409), (answer.status_code, answer.text[:300])


@pytest.mark.parametrize("path", ["/catalog.nt", "/dataset/existing.nt", "/catalog.trig"])
def test_every_rdf_format_rdflib_writes_is_served(client, world, path):
    """ckanext-dcat wrote them, then failed on their Content-Type
    (ckanext.tdpf.compat.dcat_content_types)."""
    answer = client.get(path)
    assert answer.status_code == 200, (answer.status_code, answer.text[:300])
    assert answer.headers["Content-Type"].startswith("application/")
    assert "dcat" in answer.text


@pytest.mark.parametrize("source", ["not-a-source", "existing"])  # "existing": a dataset
def test_the_last_job_of_an_unknown_harvest_source_is_not_found(client, world, source):
    answer = client.get(f"/harvest/{source}/job/last", headers=world["headers"])
    assert answer.status_code == 404, (answer.status_code, answer.text[:300])
    answer = _post(client, world, "harvest_source_show", {"id": source})
    assert answer.status_code == 404 and "Not Found" in _error_text(answer)
