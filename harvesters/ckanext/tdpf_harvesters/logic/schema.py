"""The parameters the harvesters' chained actions read themselves (navl
schemas; ckanext-harvest's own schema checks the rest)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


@tk.validator_args
def source_url(tdpf_stripped: Validator) -> Schema:
    """A harvest source's ``url`` ("" when missing or not text: the core's
    gate reports a non-text one)."""
    return {"url": [tdpf_stripped]}


@tk.validator_args
def classification_confirm(not_empty: Validator, unicode_safe: Validator,
                           ignore_missing: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "fields": [ignore_missing]}
