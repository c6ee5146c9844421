"""The parameters of the organisation review actions (navl schemas)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import (
    Context,
    FlattenDataDict,
    FlattenErrorDict,
    FlattenKey,
    Schema,
    Validator,
    ValidatorFactory,
)

from .model import APPROVED, PENDING, REJECTED, STATES

# a decision and the state it gives
DECISIONS = {"approve": APPROVED, "reject": REJECTED}


def _state(value: str) -> str:
    if value != "all" and value not in STATES:
        raise tk.Invalid(tk._("Must be one of: {}").format(", ".join((*STATES, "all"))))
    return value


def _decision(value: str) -> str:
    if value not in DECISIONS:
        raise tk.Invalid(tk._("Must be approve or reject"))
    return value


def _reason_to_reject(key: FlattenKey, data: FlattenDataDict,
                      errors: FlattenErrorDict, context: Context) -> None:
    if data.get(("decision",)) == "reject" and not data.get(("reason",)):
        errors[("reason",)].append(
            tk._("Give the reason for rejecting (it is sent to the organisation)"))


@tk.validator_args
def review_list(default: ValidatorFactory, tdpf_stripped: Validator,
                tdpf_whole_number: ValidatorFactory) -> Schema:
    return {"state": [tdpf_stripped, default(PENDING), _state],
            "limit": [default(100), tdpf_whole_number(1)],
            "offset": [default(0), tdpf_whole_number(0, 10 ** 9)]}


@tk.validator_args
def review_show(tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped]}


@tk.validator_args
def review_decide(tdpf_stripped: Validator) -> Schema:
    return {"id": [tdpf_stripped], "decision": [tdpf_stripped, _decision],
            "reason": [tdpf_stripped], "__after": [_reason_to_reject]}
