"""The parameters of the notification actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.tdpf.logic.action_input import whole_number


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


@tk.validator_args
def setting(not_missing: Validator, tdpf_bool: Validator) -> Schema:
    return {"mail": [not_missing, tdpf_bool]}
