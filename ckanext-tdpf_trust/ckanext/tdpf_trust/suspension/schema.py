"""The parameters of the suspension actions (navl schemas)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from .model import OBJECT_TYPES


def _object_type(value: str) -> str:
    if value not in OBJECT_TYPES:
        raise tk.Invalid(tk._("Must be user or organization"))
    return value


def _reason(value: str) -> str:
    if not value:
        raise tk.Invalid(tk._("Give the reason for the suspension"))
    return value


def _target(tdpf_stripped: Validator, *reason: Validator) -> Schema:
    return {"object_type": [tdpf_stripped, _object_type], "object_id": [tdpf_stripped],
            "reason": [tdpf_stripped, *reason]}


@tk.validator_args
def suspension_create(tdpf_stripped: Validator) -> Schema:
    """The user or organisation to suspend, and why (required)."""
    return _target(tdpf_stripped, _reason)


@tk.validator_args
def suspension_lift(tdpf_stripped: Validator) -> Schema:
    """The suspended user or organisation, and why (optional)."""
    return _target(tdpf_stripped)


@tk.validator_args
def suspension_list(default: ValidatorFactory, tdpf_ignore_empty: Validator,
                    tdpf_stripped: Validator, tdpf_bool: Validator,
                    tdpf_whole_number: ValidatorFactory) -> Schema:
    return {"active_only": [default(True), tdpf_bool],
            "object_type": [tdpf_stripped, tdpf_ignore_empty, _object_type],
            "limit": [default(100), tdpf_whole_number(1)]}
