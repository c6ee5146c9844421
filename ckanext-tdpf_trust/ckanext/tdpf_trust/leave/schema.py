"""The parameters of the leave action (navl schema)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


def _password(value: str) -> str:
    if not value:
        raise tk.Invalid(tk._("Enter your password to confirm"))
    return value


@tk.validator_args
def user_leave(unicode_safe: Validator) -> Schema:
    return {"password": [unicode_safe, _password]}
