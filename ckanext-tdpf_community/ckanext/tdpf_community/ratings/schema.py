"""The parameters of the rating actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

_ = tk._


def _reason(value: Any) -> str:
    if len(value) > 1000:
        raise tk.Invalid(_("Use at most {n} characters.").format(n=1000))
    return value


@tk.validator_args
def create(not_empty: Validator, tdpf_stripped: Validator, default: ValidatorFactory,
           tdpf_whole_number: ValidatorFactory) -> Schema:
    return {"package_id": [tdpf_stripped, not_empty],
            "score": [not_empty, tdpf_whole_number(1, 5)],
            "reason": [default(""), tdpf_stripped, _reason]}


@tk.validator_args
def show(not_empty: Validator, tdpf_stripped: Validator) -> Schema:
    return {"package_id": [tdpf_stripped, not_empty]}
