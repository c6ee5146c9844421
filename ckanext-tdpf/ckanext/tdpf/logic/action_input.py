"""navl validators for the parameters of our actions, which may arrive as
any JSON type (a query string gives text, a JSON body anything): a value
that cannot be read is refused with a message saying what is expected,
never a 500.

The schemas beside each action (``schema.py`` of a feature, built with
``tk.validator_args``) combine them with CKAN's own ``default``:

    "limit": [default(100), tdpf_whole_number(1, 1000)],
    "active_only": [default(True), tdpf_bool],
    "reason": [tdpf_stripped],

CKAN's ``default`` turns a missing value, null and "" into the default;
``tdpf_ignore_empty`` leaves such a parameter out (CKAN's ``ignore_empty``
would also drop 0 and false), ``tdpf_if_given`` one left out (an update
that keeps the field). ``validated`` runs a schema in an action,
after its ``tk.check_access``."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import falsy, truthy
from ckan.types import (
    Context,
    DataDict,
    FlattenDataDict,
    FlattenErrorDict,
    FlattenKey,
    Schema,
    Validator,
)

__all__ = ["tdpf_whole_number", "tdpf_bool", "tdpf_stripped", "tdpf_ignore_empty",
           "tdpf_if_given"]

Invalid = tk.Invalid


def is_empty(value: Any) -> bool:
    """No value: left out, null or ""."""
    return value is tk.missing or value is None or value == ""


def whole_number(value: Any, low: int = 0, high: int | None = 1000) -> int:
    """``value`` as a whole number from ``low`` to ``high`` (no upper bound
    when ``high`` is None): an integer, or its digits as text; a fraction
    is cut to its whole part; true/false is refused."""
    try:
        out: int | None = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: 1e999
        out = None
    if out is None or isinstance(value, bool) or out < low or (high is not None and out > high):
        raise Invalid(tk._("Must be a whole number from {} to {}").format(low, high)
                      if high is not None else
                      tk._("Must be a whole number of at least {}").format(low))
    return out


def truth(value: Any) -> bool:
    """``value`` as true or false: a JSON boolean, or a word CKAN's asbool
    takes (true/false, yes/no, on/off, y/n, t/f, 1/0, any case)."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, (str, int)) else None
    if word in truthy or word in falsy:  # the words CKAN's asbool takes
        return word in truthy
    raise Invalid(tk._("Must be true or false"))


def tdpf_whole_number(low: int = 0, high: int | None = 1000) -> Validator:
    """A validator of a whole number from ``low`` to ``high`` (None: no upper
    bound), converted to an int; put ``default`` or ``tdpf_ignore_empty``
    before it for an optional parameter."""
    def validator(value: Any) -> int:
        return whole_number(value, low, high)
    return validator


def tdpf_bool(value: Any) -> bool:
    """true/false, converted to a bool (``tdpf_flag`` only checks)."""
    return truth(value)


def tdpf_stripped(value: Any) -> str:
    """The text without surrounding spaces; "" for a missing value or one
    that is not text (the shared checks of every ``tdpf_*`` action have
    already refused ids that are not text)."""
    return value.strip() if isinstance(value, str) else ""


def tdpf_ignore_empty(key: FlattenKey, data: FlattenDataDict,
                      errors: FlattenErrorDict, context: Context) -> None:
    """Leave the parameter out, and skip its other validators, when it has
    no value (missing, null or ""); 0 and false are values."""
    if is_empty(data.get(key)):
        data.pop(key, None)
        raise tk.StopOnError


def tdpf_if_given(key: FlattenKey, data: FlattenDataDict,
                  errors: FlattenErrorDict, context: Context) -> None:
    """Skip the parameter's other validators when it is left out (an update
    leaves that field as it is); unlike CKAN's ignore_missing, null is a
    value and goes on to them."""
    if data.get(key) is tk.missing:
        data.pop(key, None)
        raise tk.StopOnError


def validated(data_dict: DataDict, schema: Schema, context: Context) -> dict[str, Any]:
    """``data_dict`` through ``schema`` (CKAN's navl_validate), or the
    ValidationError naming every field that failed."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data
