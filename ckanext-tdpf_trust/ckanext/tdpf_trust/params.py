"""Reading action parameters that may arrive as any JSON type (the review,
suspension, MFA and audit actions): bad input becomes a ValidationError
or an empty value, never a 500."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def text(data_dict: dict, key: str) -> str:
    """The stripped string value of ``key`` ("" when missing or not text)."""
    value: Any = data_dict.get(key)
    return value.strip() if isinstance(value, str) else ""


def number(data_dict: dict, key: str, default: int, low: int = 0, high: int = 1000) -> int:
    """A whole number from ``low`` to ``high`` (``default`` when missing)."""
    value = data_dict.get(key)
    if value in (None, ""):
        return default
    try:
        out = int(value)
    except (TypeError, ValueError):
        out = None
    if out is None or isinstance(value, bool) or not low <= out <= high:
        raise tk.ValidationError({key: [tk._("Must be a whole number from {} to {}")
                                        .format(low, high)]})
    return out
