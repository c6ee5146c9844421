"""The parameters of the notification actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.tdpf.logic.action_input import whole_number

from .model import KINDS


def _ids(value: Any) -> list[int]:
    if isinstance(value, str | int):
        value = [value]
    if not isinstance(value, list) or len(value) > 500:
        raise tk.Invalid(tk._("Give a list of notification ids."))
    return [whole_number(v, 1, None) for v in value]


@tk.validator_args
def listing(default: ValidatorFactory, tdpf_bool: Validator,
            tdpf_whole_number: ValidatorFactory) -> Schema:
    return {"unread_only": [default(False), tdpf_bool],
            "limit": [default(50), tdpf_whole_number(1, 200)]}


@tk.validator_args
def mark_read(default: ValidatorFactory) -> Schema:
    return {"ids": [default([]), _ids]}


def _kinds(value: Any) -> list[str]:
    """Kinds of notice (``model.KINDS``): a list, or one kind as text."""
    if isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, list) or any(v not in KINDS for v in value):
        raise tk.Invalid(tk._("Choose kinds of notification from: {kinds}.").format(
            kinds=", ".join(KINDS)))
    return list(dict.fromkeys(value))


@tk.validator_args
def setting(tdpf_if_given: Validator, tdpf_bool: Validator) -> Schema:
    return {"mail": [tdpf_if_given, tdpf_bool], "mail_kinds": [tdpf_if_given, _kinds]}
