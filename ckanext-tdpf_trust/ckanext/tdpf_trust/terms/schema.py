"""The parameters of the terms actions (navl schemas)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from .records import REQUIRED


@tk.validator_args
def terms_accept(default: ValidatorFactory, tdpf_bool: Validator) -> Schema:
    return {field: [default(False), tdpf_bool] for field in REQUIRED.values()}


@tk.validator_args
def terms_status(tdpf_stripped: Validator, tdpf_ignore_empty: Validator) -> Schema:
    return {"id": [tdpf_stripped, tdpf_ignore_empty]}
