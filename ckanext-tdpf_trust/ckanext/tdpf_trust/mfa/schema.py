"""The parameters of the MFA actions (navl schemas)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


@tk.validator_args
def status_show(tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped]}


@tk.validator_args
def reset(tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped], "reason": [tdpf_stripped]}


@tk.validator_args
def token_owner(tdpf_stripped: Validator) -> Schema:
    """api_token_create's ``user`` (the core's own schema checks the rest)."""
    return {"user": [tdpf_stripped]}
