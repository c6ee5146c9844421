"""Replaces ``ckan.lib.navl.dictization_functions._validate`` and
``flattened_order_key``: CKAN's schema validation with its bookkeeping done once.

Every action validates through ``dictization_functions._validate``. For one
call CKAN flattens the schema three times, works out the data's key
combinations three times, builds the full schema twice, sorts it four times
and, for each key the schema does not know, scans every schema key. With a
TDPF dataset (some 60 schema fields, resources, tags, extras) that
bookkeeping is a noticeable part of a validation (``bench/validation.py``
measures it; figures in bench/README.md).

:func:`_validate` below computes each of these once and gives exactly the
same result: the same converters run in the same order on the same data,
the same errors and junk come out, and the dicts are built in the same
order. ``flattened_order_key`` (also the sort key of ``unflatten``) becomes
an equivalent, cheaper key. tests/tdpf/compat/test_navl_validate.py compares both against
CKAN's own on real datasets and on invalid input. Off (CKAN's functions)
when ``ckanext.tdpf.fast_validation`` is false.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ckan.lib.navl import dictization_functions as df

REPLACES = "ckan.lib.navl.dictization_functions._validate"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = "CKAN's own validation runs (slower, same results)."

_ckan_validate = df._validate
_ckan_order_key = df.flattened_order_key


def order_key(key: tuple) -> tuple:
    """Shorter keys first, then by value: the order of CKAN's key, which
    spells the same comparison as one flat tuple (length, *key)."""
    return (len(key), key)


def ordered(keys: Iterable[tuple]) -> list[tuple]:
    """``sorted(keys, key=order_key)``, sorting each length's keys without a
    key function."""
    by_length: dict[int, list[tuple]] = {}
    for key in keys:
        by_length.setdefault(len(key), []).append(key)
    result: list[tuple] = []
    for length in sorted(by_length):
        result += sorted(by_length[length])
    return result


def _combinations(data: dict, schema_keys: Iterable[tuple]) -> set[tuple]:
    """The data's places that match the schema (CKAN's
    get_all_key_combinations), inserted in the same order."""
    parents = {key[:-1] for key in schema_keys}
    found: set[tuple] = {()}
    for key in ordered(data):
        # a nested key counts when its parent does: sorting puts parents first
        if key[:-1:2] in parents and key[:-3] in found:
            found.add(key[:-1])
    return found


def _full_schema(combinations: set[tuple], schema: dict) -> dict[tuple, Any]:
    full: dict[tuple, Any] = {}
    for place in combinations:
        sub_schema = schema
        for name in place[::2]:
            sub_schema = sub_schema[name]
        for name, validators in sub_schema.items():
            if isinstance(validators, list):
                full[place + (name,)] = validators
    return full


def _prefixes(schema_keys: Iterable[tuple]) -> set[tuple]:
    return {key[:n] for key in schema_keys for n in range(len(key) + 1)}


def _augmented(data: dict, schema_keys: dict, combinations: set[tuple],
               full: dict[tuple, Any]) -> dict:
    """CKAN's augment_data: unknown keys go to their place's ``__extras``
    (or to ``__junk``), schema keys the data lacks become ``missing``."""
    result = dict(data)
    junk: dict[tuple, Any] = {}
    extras: dict[tuple, dict] = {}
    moved: list[tuple] = []
    prefixes = None
    for key, value in data.items():
        if key in full:
            continue
        if prefixes is None:
            prefixes = _prefixes(schema_keys)
        if key[::2] in prefixes and value != []:
            raise df.DataError("Only lists of dicts can be placed against "
                               f"subschema {key}, not {type(value)}")
        if key[:-1] in combinations:
            extras.setdefault(key[:-1] + ("__extras",), {})[key[-1]] = value
        else:
            junk[key] = value
        moved.append(key)
    if junk:
        result[("__junk",)] = junk
    result.update(extras)
    for key in moved:  # after: a key named like these goes too, as in CKAN
        result.pop(key)
    for key in full:
        if key not in result and not key[-1].startswith("__"):
            result[key] = df.missing
    return result


def _run(keys: Iterable[tuple], full: dict[tuple, Any], data: dict,
         errors: dict, context: Any) -> None:
    for key in keys:
        for converter in full[key]:
            try:
                df.convert(converter, key, data, errors, context)
            except df.StopOnError:
                break


def _validate(data: dict, schema: dict, context: Any) -> tuple[dict, dict]:
    schema_keys = df.flatten_schema(schema)
    combinations = _combinations(data, schema_keys)
    full = _full_schema(combinations, schema)
    converted = _augmented(data, schema_keys, combinations, full)
    errors: dict[tuple, list] = {key: [] for key in full}
    keys = ordered(full)
    _run([k for k in keys if k[-1] == "__before"], full, converted, errors, context)
    _run([k for k in keys if not k[-1].startswith("__")], full, converted, errors, context)
    _run([k for k in keys if k[-1] == "__extras"], full, converted, errors, context)
    _run([k for k in reversed(keys) if k[-1] == "__after"], full, converted, errors,
         context)
    if ("__junk",) in full:
        _run([("__junk",)], full, converted, errors, context)
    return converted, errors


def install(on: bool) -> None:
    from .. import config

    use(on and config.fast_validation())


def use(enabled: bool) -> None:
    """Use these functions (or CKAN's again) for every validation."""
    df._validate = _validate if enabled else _ckan_validate
    df.flattened_order_key = order_key if enabled else _ckan_order_key
