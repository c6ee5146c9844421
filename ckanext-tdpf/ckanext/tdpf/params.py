"""Reading action parameters that may arrive as any JSON type (the core's
chained resource_search, the trust plugin's review, suspension, MFA and
audit actions): bad input becomes a ValidationError or an empty value,
never a 500."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def text(data_dict: dict, key: str) -> str:
    """The stripped string value of ``key`` ("" when missing or not text)."""
    value: Any = data_dict.get(key)
    return value.strip() if isinstance(value, str) else ""


def number(data_dict: dict, key: str, default: int | None, low: int = 0,
           high: int | None = 1000) -> int | None:
    """A whole number from ``low`` to ``high`` (no upper bound when ``high``
    is None); ``default`` when missing."""
    value = data_dict.get(key)
    if value in (None, ""):
        return default
    try:
        out = int(value)
    except (TypeError, ValueError):
        out = None
    if out is None or isinstance(value, bool) or out < low or (high is not None and out > high):
        message = (tk._("Must be a whole number from {} to {}").format(low, high)
                   if high is not None else
                   tk._("Must be a whole number of at least {}").format(low))
        raise tk.ValidationError({key: [message]})
    return out
