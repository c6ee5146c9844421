"""The parameters of the data request actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.tdpf.vocab import choices

from .model import STATUSES

_ = tk._


def _theme(value: Any) -> str:
    if value and value not in {v for v, _ja, _en in choices.THEMES}:
        raise tk.Invalid(_("Choose a theme from the list."))
    return value or ""


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise tk.Invalid(_("The status must be one of: received, considering, "
                           "published, declined."))
    return value


def _short(value: Any) -> str:
    if len(value) > 200:
        raise tk.Invalid(_("Use at most 200 characters."))
    return value


def _ids(value: Any) -> list[str]:
    """A list of dataset ids or names (a comma-separated string from a form)."""
    if isinstance(value, str):
        value = [v for v in (part.strip() for part in value.replace("\n", ",").split(","))
                 if v]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise tk.Invalid(_("Give a list of dataset ids or names."))
    if len(value) > 50:
        raise tk.Invalid(_("Give at most 50 datasets."))
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
