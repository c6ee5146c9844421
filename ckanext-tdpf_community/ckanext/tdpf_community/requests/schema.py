"""The parameters of the data request actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from ..fields import dataset_ids as _ids
from ..fields import short as _short
from ..fields import theme as _theme
from .model import STATUSES

_ = tk._


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise tk.Invalid(_("The status must be one of: received, considering, "
                           "published, declined."))
    return value


@tk.validator_args
def create(not_empty: Validator, tdpf_stripped: Validator, default: ValidatorFactory,
           tdpf_ignore_empty: Validator) -> Schema:
    return {"title": [tdpf_stripped, not_empty, _short],
            "purpose": [default(""), tdpf_stripped, not_empty],
            "area": [default(""), tdpf_stripped, _short],
            "period": [default(""), tdpf_stripped, _short],
            "description": [default(""), tdpf_stripped],
            "theme": [default(""), tdpf_stripped, _theme],
            "organization_id": [default(""), tdpf_stripped, tdpf_ignore_empty]}


@tk.validator_args
def one(not_empty: Validator, tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped, not_empty]}


@tk.validator_args
def answer(not_empty: Validator, tdpf_stripped: Validator,
           default: ValidatorFactory) -> Schema:
    return {"id": [tdpf_stripped, not_empty], "status": [tdpf_stripped, _status],
            "reason": [default(""), tdpf_stripped],
            "datasets": [default([]), _ids]}


@tk.validator_args
def vote(not_empty: Validator, tdpf_stripped: Validator, default: ValidatorFactory,
         tdpf_bool: Validator) -> Schema:
    return {"id": [tdpf_stripped, not_empty], "vote": [default(True), tdpf_bool]}


@tk.validator_args
def search(default: ValidatorFactory, tdpf_stripped: Validator, tdpf_ignore_empty: Validator,
           tdpf_whole_number: ValidatorFactory) -> Schema:
    return {"q": [default(""), tdpf_stripped],
            "status": [default(""), tdpf_stripped, tdpf_ignore_empty, _status],
            "organization": [default(""), tdpf_stripped, tdpf_ignore_empty],
            "theme": [default(""), tdpf_stripped, tdpf_ignore_empty, _theme],
            "sort": [default("newest"), tdpf_stripped, _sort],
            "offset": [default(0), tdpf_whole_number(0, None)],
            "limit": [default(20), tdpf_whole_number(1, 100)]}


def _sort(value: Any) -> str:
    if value not in ("newest", "votes"):
        raise tk.Invalid(_("Sort by newest or votes."))
    return value
