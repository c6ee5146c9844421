"""Parameters of the overlay actions (navl schemas): each correctable
field is optional; text fields take text, list fields a list of text or
one comma-separated text (a form's input)."""
from __future__ import annotations

import unicodedata
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator

from ..overlay import FIELDS, LIST

_MAX_TEXT = 20000
_MAX_ITEMS = 100


def text_value(value: Any) -> str:
    if not isinstance(value, str):
        raise tk.Invalid(tk._("Must be text"))
    value = value.strip()
    if len(value) > _MAX_TEXT:
        raise tk.Invalid(tk._("Must be at most {} characters").format(_MAX_TEXT))
    return value


def list_value(value: Any) -> list[str]:
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).replace("、", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise tk.Invalid(tk._("Must be a list of text or comma-separated text"))
    out = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(out) > _MAX_ITEMS:
        raise tk.Invalid(tk._("Must be at most {} values").format(_MAX_ITEMS))
    return out


def known_field(value: Any) -> str:
    if value not in FIELDS:
        raise tk.Invalid(tk._("Must be one of: {}").format(", ".join(FIELDS)))
    return value


@tk.validator_args
def update(not_empty: Validator, tdpf_stripped: Validator,
           tdpf_if_given: Validator) -> Schema:
    fields: Schema = {f: [tdpf_if_given, list_value if shape == LIST else text_value]
                      for f, shape in FIELDS.items()}
    return {"id": [tdpf_stripped, not_empty], **fields}


@tk.validator_args
def delete(not_empty: Validator, tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped, not_empty], "field": [not_empty, known_field]}


@tk.validator_args
def show(not_empty: Validator, tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped, not_empty]}
