"""The parameters of the moderation actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from .objects import MODELS

_ = tk._


def _object_type(value: Any) -> str:
    if value not in MODELS:
        raise tk.Invalid(_("The object type must be one of: {types}.").format(
            types=", ".join(MODELS)))
    return value


def _reason(value: Any) -> str:
    if len(value) > 1000:
        raise tk.Invalid(_("Use at most {n} characters.").format(n=1000))
    return value


@tk.validator_args
def report(not_empty: Validator, tdpf_stripped: Validator) -> Schema:
    return {"object_type": [tdpf_stripped, _object_type],
            "object_id": [tdpf_stripped, not_empty],
            "reason": [tdpf_stripped, not_empty, _reason]}


@tk.validator_args
def hide(not_empty: Validator, tdpf_stripped: Validator, default: ValidatorFactory,
         tdpf_bool: Validator) -> Schema:
    return {"object_type": [tdpf_stripped, _object_type],
            "object_id": [tdpf_stripped, not_empty],
            "reason": [default(""), tdpf_stripped, _reason],
            "hidden": [default(True), tdpf_bool]}


@tk.validator_args
def queue(default: ValidatorFactory, tdpf_bool: Validator,
          tdpf_whole_number: ValidatorFactory) -> Schema:
    return {"resolved": [default(False), tdpf_bool],
            "limit": [default(50), tdpf_whole_number(1, 200)]}
