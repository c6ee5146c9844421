"""The parameters of the member profile actions (navl schemas)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.tdpf.participants import TIERS, TYPES

_ = tk._
PROFILE_FIELDS = ("member_type", "tier", "organization_name")


def _member_type(value: Any) -> str | None:
    value = value or None
    if value is not None and value not in TYPES:
        raise tk.Invalid(_("Choose a member type: municipality (自治体), "
                           "corporation (法人) or individual (個人)."))
    return value


def _tier(value: Any) -> str:
    if value not in TIERS:
        raise tk.Invalid(_("The tier must be free or paid."))
    return value


def _organization_name(value: Any) -> str:
    name = str(value or "").strip()
    if len(name) > 200:
        raise tk.Invalid(_("Use at most 200 characters."))
    return name


@tk.validator_args
def profile(tdpf_if_given: Validator) -> Schema:
    """The profile fields a caller gives (those left out are not changed;
    a null member type is "not a member")."""
    return {"member_type": [tdpf_if_given, _member_type], "tier": [tdpf_if_given, _tier],
            "organization_name": [tdpf_if_given, _organization_name]}


@tk.validator_args
def member_list(default: ValidatorFactory, tdpf_ignore_empty: Validator,
                tdpf_stripped: Validator, tdpf_whole_number: ValidatorFactory) -> Schema:
    return {"q": [tdpf_stripped], "tier": [tdpf_stripped, tdpf_ignore_empty, _tier],
            "offset": [default(0), tdpf_whole_number(0, None)],
            "limit": [default(100), tdpf_whole_number(1)]}
