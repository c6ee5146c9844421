"""Our schema validation bookkeeping (ckanext.tdpf.compat.navl_validate) gives what CKAN's
gives: the same data, errors and junk, in the same order, for valid and
invalid datasets, their resources and organisations."""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

import ckan.logic.schema as ckan_schema
import ckan.tests.factories as factories
from ckan import logic, model
from ckan.lib.navl import dictization_functions as df
from ckan.lib.plugins import lookup_package_plugin, plugin_validate
from ckan.tests.helpers import call_action

from ckanext.tdpf.compat import navl_validate as navl

from tests.factories import warranted
from tests.tdpf.schema.test_dataset_schema import FULL


def _shape(value: Any) -> Any:
    """Contents with their order (dicts as item lists) and types."""
    if isinstance(value, dict):
        return [(k, _shape(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_shape(v) for v in value])
    if value is df.missing:  # whose str() raises
        return ("missing",)
    return (type(value).__name__, str(value))


def _with(ours: bool, run: Callable[[], Any]) -> Any:
    configured = df._validate is navl._validate
    navl.use(ours)
    try:
        return _shape(run())
    except df.DataError as e:  # the same refusal counts as the same answer
        return ("DataError", e.error)
    finally:
        navl.use(configured)


def assert_same(run: Callable[[], Any]) -> Any:
    ckans, ours = _with(False, run), _with(True, run)
    assert ours == ckans
    return ours


@pytest.fixture
def org(clean_db):
    user = factories.Sysadmin()
    org = factories.Organization(provider_type="municipality", municipality_code="131016")
    return {**org, "_user": user["name"]}


def _context(org) -> dict:
    return {"model": model, "session": model.Session, "user": org["_user"],
            "auth_user_obj": model.User.get(org["_user"])}


def _validate_dataset(org, data: dict, action: str = "package_create"):
    plugin = lookup_package_plugin("dataset")

    def run():  # a new schema each time: a validation changes it
        schema = (plugin.create_package_schema() if action == "package_create"
                  else plugin.update_package_schema())
        return plugin_validate(plugin, _context(org), copy.deepcopy(data), schema, action)
    return run


BAD = {
    "title": "",
    "municipality_codes": "131017",  # wrong check digit
    "theme": ["no_such_theme"],
    "temporal_start": "2024-13-45",
    "tags": [{"name": "避難所"}, {"name": "a/b?"}, {"vocabulary_id": "x"}],
    "extras": [{"key": "custom", "value": "1"}, {"key": "custom", "value": "2"}],
    "unknown_top_level": "kept as an extra",
    "resources": [
        {"url": "https://example.lg.jp/a.csv", "size": "abc", "nested": {"deep": 1}},
        {"url": "javascript:alert(1)", "format": "CSV", "position": "x"},
    ],
}


@pytest.mark.parametrize("changes", [{}, BAD, {"tags": "not a list"},
                                     {"resources": [{"name": "no url"}]},
                                     {"groups": [{"name": "no-such-group"}], "owner_org": ""}],
                         ids=["valid", "invalid", "string-for-list", "resource", "group"])
def test_dataset_create_and_update_validations_match_ckans(org, changes):
    data = warranted(**{**FULL, "type": "dataset", "owner_org": org["id"], **changes})
    created = assert_same(_validate_dataset(org, data))
    assert_same(_validate_dataset(org, data, "package_update"))
    if changes is BAD:  # the comparison saw errors, not just a clean pass
        errors = dict(created[1][1])
        assert {"title", "municipality_codes", "theme", "resources"} <= errors.keys()


def test_the_indexing_validations_match_ckans(org):
    pkg = call_action("package_create", {"user": org["_user"]},
                      **warranted(**{**FULL, "owner_org": org["id"]}))
    shown = assert_same(lambda: logic.package_show_default_and_custom_schemas(
        {"ignore_auth": True}, pkg["id"]))
    assert ("str", "指定緊急避難場所一覧") in [v for k, v in shown[1][1] if k == "title"]


def test_organisation_user_and_resource_validations_match_ckans(org):
    context = _context(org)
    group = {"name": "Bad Name!", "title": "千代田区", "users": [{"name": "nobody"}],
             "extras": [{"key": "provider_type", "value": "municipality"}], "junk": {"x": 1}}
    assert_same(lambda: df.validate(copy.deepcopy(group), ckan_schema.default_create_group_schema(),
                                    dict(context)))
    user = {"name": "taro", "email": "not-an-email", "password": "short", "about": "x" * 10}
    assert_same(lambda: df.validate(dict(user), ckan_schema.default_user_schema(),
                                    dict(context)))
    resource = {"url": "https://example.lg.jp/x.csv", "format": " csv ", "size": "-1",
                "extra_field": "kept"}
    assert_same(lambda: df.validate(dict(resource), ckan_schema.default_resource_schema(),
                                    dict(context)))


def test_order_key_orders_as_ckans():
    keys = [("resources", 1, "url"), ("title",), ("resources", 0, "url"), ("a",),
            ("extras", 0, "key"), ("resources", 0, "__extras"), ("__junk",), ("resources",)]
    expected = sorted(keys, key=navl._ckan_order_key)
    assert sorted(keys, key=navl.order_key) == expected
    assert navl.ordered(keys) == expected


def test_junk_and_nested_extras_are_placed_as_ckan_places_them():
    """Flattened input (CKAN's own callers' shape) with keys the schema has
    no place for: those under a known place become its ``__extras``, the
    others ``__junk``; validators of each stage see the same data."""
    seen: list = []

    def note(key, data, errors, context):
        seen.append((key, sorted(map(str, data))))

    def schema():
        return {"title": [note], "__junk": [note], "__extras": [note],
                "__before": [note], "__after": [note],
                "resources": {"url": [note], "__extras": [note], "__after": [note],
                              "parts": {"x": [note]}}}
    flat = {("title",): "t", ("resources", 0, "url"): "u", ("resources", 1, "name"): "n",
            ("resources", 0, "parts", 0, "x"): 1, ("resources", 0, "parts", 0, "y"): 2,
            ("other", 0, "z"): 3, ("extra_field",): "e"}

    def run():
        seen.clear()
        result = df._validate(dict(flat), schema(), {})
        return result, list(seen)
    assert_same(run)
    ours = navl._validate(dict(flat), schema(), {})[0]
    assert ours[("__junk",)] == {("other", 0, "z"): 3}
    assert ours[("resources", 1, "__extras")] == {"name": "n"}
    assert ours[("resources", 0, "parts", 0, "__extras")] == {"y": 2}
    assert ours[("__extras",)] == {"extra_field": "e"}


def test_the_plugin_validates_with_ours_by_default():
    assert df._validate is navl._validate  # ckanext.tdpf.fast_validation = true
