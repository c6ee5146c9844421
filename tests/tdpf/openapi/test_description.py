"""The OpenAPI 3.1 description at /api/3/openapi.json and the reference
page made from it (ckanext.tdpf.openapi): every tdpf_* action registered
by the loaded plugins and every core action they chain is described, so a
new action without a description fails here."""
from __future__ import annotations

import pytest
import schemathesis

import ckan.logic
from ckan.tests.helpers import _get_test_app

from ckanext.tdpf.openapi import builder

ACTION = builder.ACTION_PATH


@pytest.fixture(scope="module")
def app():
    return _get_test_app()


@pytest.fixture(scope="module")
def spec(app):
    answer = app.get("/api/3/openapi.json")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    return answer.json


def _ours(func) -> list:
    """The chained functions of our plugins in an action's chain."""
    return [f for f in builder.chain(func)[:-1] if f.__module__.startswith("ckanext.tdpf")]


def _undescribed(spec) -> list[str]:
    """Registered actions the description misses or describes too thinly."""
    problems = []
    for name, func in ckan.logic._actions.items():
        if not name.startswith("tdpf_") and not _ours(func):
            continue
        item = spec["paths"].get(ACTION.format(name))
        if item is None:
            problems.append(f"{name}: not described")
            continue
        post = item["post"]
        if name.startswith("tdpf_"):
            if not post["x-summary-ja"] or post["summary"] == name:
                problems.append(f"{name}: no Japanese summary or no docstring")
            body = post["requestBody"]["content"]["application/json"]["schema"]
            problems += [f"{name}: parameter {p} has no description"
                         for p, schema in body["properties"].items()
                         if not schema.get("description")]
        noted = {n["by"] for n in post["x-tdpf-changes"]}
        problems += [f"{name}: {builder.plugin_of(f)} changes it without saying how"
                     for f in _ours(func) if builder.plugin_of(f) not in noted]
        if getattr(func, "side_effect_free", False) != ("get" in item):
            problems.append(f"{name}: GET described wrongly")
    return problems


def test_every_registered_action_of_ours_is_described(spec):
    tdpf = [n for n in ckan.logic._actions if n.startswith("tdpf_")]
    assert len(tdpf) >= 38
    assert _undescribed(spec) == []
    changed = {p.rsplit("/", 1)[1] for p, item in spec["paths"].items()
               if item["post"]["tags"] == ["core"]}
    # the core actions of finding 8 and those the market masks
    assert {"package_search", "package_show", "resource_search", "package_create",
            "current_package_list_with_resources", "harvest_source_create",
            "activity_show"} <= changed


def test_every_gate_check_has_a_schema():
    """A new check in ckanext.tdpf.logic.gates needs its JSON Schema in
    builder.GATE_SCHEMAS (else the description says "any")."""
    from ckanext.tdpf.logic import gates

    assert {check.__qualname__ for fields in gates.SCHEMAS.values() for checks in fields.values()
            for check in checks if not builder.gate_schema(check)} == set()


def test_a_new_action_without_a_description_fails(monkeypatch):
    def tdpf_thing_show(context, data_dict):
        """Show a thing.

        :param id: the thing
        """
    monkeypatch.setitem(ckan.logic._actions, "tdpf_thing_show", tdpf_thing_show)
    assert _undescribed(builder.build()) == [
        "tdpf_thing_show: no Japanese summary or no docstring"]


def test_parameters_types_and_errors(spec):
    post = spec["paths"][ACTION.format("tdpf_suspension_create")]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["object_type", "object_id", "reason"]
    assert body["properties"]["object_type"]["enum"] == ["user", "organization"]
    assert body["properties"]["object_id"]["type"] == "string"
    assert set(post["responses"]) == {"200", "400", "403", "404", "409", "429"}
    assert "get" not in spec["paths"][ACTION.format("tdpf_suspension_create")]
    listing = spec["paths"][ACTION.format("tdpf_suspension_list")]["get"]
    query = {p["name"]: p for p in listing["parameters"]}
    assert query["active_only"]["schema"]["type"] == "boolean"
    assert query["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    # a core action: CKAN's docstring, our gate's types, the notes of what changed
    search = spec["paths"][ACTION.format("package_search")]["get"]
    assert {p["name"]: p["schema"] for p in search["parameters"]}["rows"]["type"] == "integer"
    assert {n["by"] for n in search["x-tdpf-changes"]} >= {"tdpf", "tdpf_market"}
    error = spec["components"]["responses"]["ValidationError"]["content"]["application/json"]
    assert error["schema"]["properties"]["success"] == {"const": False}


def test_the_description_loads_as_openapi_31(spec):
    assert spec["openapi"] == "3.1.0"
    schema = schemathesis.openapi.from_dict(spec)
    operations = [result.ok() for result in schema.get_all_operations()]  # raises if invalid
    assert len(operations) == sum(len(item) for item in spec["paths"].values())


def test_reference_page_in_japanese_and_english(app):
    page = app.get("/api/3/reference")
    assert page.status_code == 200
    assert "API リファレンス" in page.body
    assert "利用者または組織を直ちに利用停止にする" in page.body  # tdpf_suspension_create
    assert 'id="tdpf_suspension_create"' in page.body and "/api/3/openapi.json" in page.body
    english = app.get("/en/api/3/reference")
    assert "Suspend a user or an organisation at once" in english.body
    assert "API reference" in english.body


def test_the_footer_links_the_reference(app):
    assert 'href="/api/3/reference"' in app.get("/").body
