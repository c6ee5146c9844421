"""The navl validators our actions read their parameters with
(ckanext.tdpf.logic.action_input), as registered through IValidators:
whole numbers within bounds, true/false words, stripped text, and no value
("" / null / left out) taking the default."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk


def _run(schema: dict, data: dict) -> tuple[dict, dict]:
    return tk.navl_validate(data, schema, {})


def _number_schema(low: int, high: int | None, fallback: int = 7) -> dict:
    return {"n": [tk.get_validator("default")(fallback),
                  tk.get_validator("tdpf_whole_number")(low, high)]}


@pytest.mark.parametrize(("value", "expected"), [
    (0, 0), (1000, 1000), ("12", 12), (" 12 ", 12), (12.7, 12),
    (None, 7), ("", 7)])
def test_whole_numbers_within_bounds_are_read_as_ints(value, expected):
    data, errors = _run(_number_schema(0, 1000), {"n": value})
    assert (data["n"], errors) == (expected, {})


def test_a_missing_number_takes_the_default():
    assert _run(_number_schema(0, 1000), {}) == ({"n": 7}, {})


@pytest.mark.parametrize("value", [-1, 1001, "1001", 10 ** 30, "9" * 30, "1e999",
                                   float("inf"), True, False, "x", "1.5", [1], {"a": 1}])
def test_numbers_outside_bounds_or_not_numbers_are_refused(value):
    _data, errors = _run(_number_schema(0, 1000), {"n": value})
    assert errors == {"n": ["Must be a whole number from 0 to 1000"]}


def test_without_an_upper_bound_the_message_gives_the_lower_one():
    assert _run(_number_schema(1, None), {"n": 10 ** 30})[0]["n"] == 10 ** 30
    _data, errors = _run(_number_schema(1, None), {"n": 0})
    assert errors == {"n": ["Must be a whole number of at least 1"]}


def _flag_schema() -> dict:
    return {"f": [tk.get_validator("default")(True), tk.get_validator("tdpf_bool")]}


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("FALSE", False), (" yes ", True),
    ("off", False), ("on", True), ("y", True), ("n", False), ("t", True), ("f", False),
    ("1", True), ("0", False), (1, True), (0, False), ("", True), (None, True)])
def test_true_false_words_are_read_as_booleans(value, expected):
    data, errors = _run(_flag_schema(), {"f": value})
    assert (data["f"], errors) == (expected, {})


@pytest.mark.parametrize("value", ["maybe", 2, 1.0, [True], {"a": True}])
def test_other_values_are_not_true_or_false(value):
    _data, errors = _run(_flag_schema(), {"f": value})
    assert errors == {"f": ["Must be true or false"]}


@pytest.mark.parametrize(("value", "expected"), [
    ("  a b  ", "a b"), ("", ""), (None, ""), (5, ""), (["a"], "")])
def test_text_is_stripped_and_anything_else_is_empty(value, expected):
    schema = {"t": [tk.get_validator("tdpf_stripped")]}
    assert _run(schema, {"t": value}) == ({"t": expected}, {})
    assert _run(schema, {}) == ({"t": ""}, {})


@pytest.mark.parametrize(("value", "kept"), [("", False), (None, False), (0, True),
                                               (False, True), ("x", True)])
def test_ignore_empty_drops_no_value_but_keeps_zero_and_false(value, kept):
    schema = {"v": [tk.get_validator("tdpf_ignore_empty")]}
    data, errors = _run(schema, {"v": value})
    assert ("v" in data, errors) == (kept, {})


def test_every_failing_parameter_is_named_at_once():
    schema = {**_number_schema(0, 10), **_flag_schema()}
    _data, errors = _run(schema, {"n": 11, "f": "x"})
    assert set(errors) == {"n", "f"}


def test_messages_are_in_japanese_for_a_japanese_reader(app):
    with app.flask_app.test_request_context("/", headers={"Accept-Language": "ja"}):
        _data, errors = _run({**_number_schema(0, 1000), **_flag_schema()},
                             {"n": -1, "f": "x"})
        _data, unbounded = _run(_number_schema(1, None), {"n": 0})
    assert errors == {"n": ["0 から 1000 までの整数を指定してください"],
                      "f": ["true か false を指定してください"]}
    assert unbounded == {"n": ["1 以上の整数を指定してください"]}


@pytest.mark.parametrize(("data", "expected"), [({}, {}), ({"v": None}, {"v": None}),
                                                ({"v": ""}, {"v": ""})])
def test_if_given_skips_only_a_parameter_left_out(data, expected):
    seen = []
    schema = {"v": [tk.get_validator("tdpf_if_given"), lambda value: seen.append(value) or value]}
    assert _run(schema, data) == (expected, {})
    assert seen == list(expected.values())
