"""The parameters of the comment actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from .model import KINDS, SUBJECTS

_ = tk._


def _subject_type(value: Any) -> str:
    if value not in SUBJECTS:
        raise tk.Invalid(_("The subject type must be dataset or datarequest."))
    return value


def _kind(value: Any) -> str:
    if value not in KINDS:
        raise tk.Invalid(_("The kind must be question, error, answer or comment."))
    return value


def _row(value: Any) -> str:
    if len(value) > 100:
        raise tk.Invalid(_("Use at most 100 characters."))
    return value


@tk.validator_args
def create(not_empty: Validator, tdpf_stripped: Validator, default: ValidatorFactory,
           tdpf_ignore_empty: Validator) -> Schema:
    return {"subject_type": [default("dataset"), tdpf_stripped, _subject_type],
            "subject_id": [tdpf_stripped, not_empty],
            "body": [tdpf_stripped, not_empty],
            "kind": [default("comment"), tdpf_stripped, _kind],
            "parent_id": [default(""), tdpf_stripped, tdpf_ignore_empty],
            "resource_id": [default(""), tdpf_stripped, tdpf_ignore_empty],
            "row": [default(""), tdpf_stripped, tdpf_ignore_empty, _row]}


@tk.validator_args
def subject(not_empty: Validator, tdpf_stripped: Validator,
            default: ValidatorFactory) -> Schema:
    return {"subject_type": [default("dataset"), tdpf_stripped, _subject_type],
            "subject_id": [tdpf_stripped, not_empty]}
