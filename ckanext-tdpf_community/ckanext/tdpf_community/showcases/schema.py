"""The parameters of the showcase actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from ..fields import dataset_ids, short, theme
from .model import STATES

_ = tk._


def _state(value: Any) -> str:
    if value not in STATES:
        raise tk.Invalid(_("The state must be one of: pending, approved, rejected."))
    return value


def _reason(value: Any) -> str:
    if len(value) > 1000:
        raise tk.Invalid(_("Use at most {n} characters.").format(n=1000))
    return value


@tk.validator_args
def create(not_empty: Validator, tdpf_stripped: Validator, default: ValidatorFactory,
           tdpf_http_url: Validator) -> Schema:
    return {"title": [tdpf_stripped, not_empty, short],
            "description": [default(""), tdpf_stripped, not_empty],
            "url": [default(""), tdpf_stripped, tdpf_http_url],
            "image_url": [default(""), tdpf_stripped],
            "author": [default(""), tdpf_stripped, not_empty, short],
            "theme": [default(""), tdpf_stripped, theme],
            "datasets": [default([]), dataset_ids]}


@tk.validator_args
def one(not_empty: Validator, tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped, not_empty]}


@tk.validator_args
def decide(not_empty: Validator, tdpf_stripped: Validator,
           default: ValidatorFactory) -> Schema:
    return {"id": [tdpf_stripped, not_empty], "reason": [default(""), tdpf_stripped, _reason]}


@tk.validator_args
def search(default: ValidatorFactory, tdpf_stripped: Validator, tdpf_ignore_empty: Validator,
           tdpf_whole_number: ValidatorFactory, tdpf_bool: Validator) -> Schema:
    return {"q": [default(""), tdpf_stripped],
            "theme": [default(""), tdpf_stripped, tdpf_ignore_empty, theme],
            "dataset": [default(""), tdpf_stripped, tdpf_ignore_empty],
            "state": [default(""), tdpf_stripped, tdpf_ignore_empty, _state],
            "mine": [default(False), tdpf_bool],
            "offset": [default(0), tdpf_whole_number(0, None)],
            "limit": [default(20), tdpf_whole_number(1, 100)]}
