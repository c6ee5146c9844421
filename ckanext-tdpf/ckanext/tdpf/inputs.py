"""What every input to the portal must be, whatever the action or page:
text without NUL (PostgreSQL text cannot store it) and without unpaired
surrogates (not encodable as UTF-8; JSON's ``\\ud800`` escape makes one),
finite numbers (JSON has no Infinity, but Python's parser reads ``1e999``
as one), and nesting at most ``MAX_DEPTH`` deep.

Checked at the request edge (``ckanext.tdpf.edge``, every page and API
call) and again by every ``tdpf_*`` action (``params.guarded_actions``),
which code may also call directly."""
from __future__ import annotations

import math
from typing import Any

import ckan.plugins.toolkit as tk

# Deeper than any dataset, resource or action parameter the portal takes;
# far below what makes Python's JSON parser or navl's flattening recurse
# out of the stack.
MAX_DEPTH = 32


def text_problem(value: str) -> str | None:
    """Why this text cannot be taken, or None."""
    if "\x00" in value:
        return tk._("contains a NUL character (U+0000), which text cannot hold: remove it")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return tk._("contains an unpaired surrogate (\\ud800-\\udfff), "
                    "which is not Unicode text: send the character itself")
    return None


def too_deep() -> str:
    return tk._("JSON too deeply nested: at most {n} levels of lists and objects").format(
        n=MAX_DEPTH)


def problem(value: Any, where: str = "") -> tuple[str, str] | None:
    """The first ``(place, message)`` wrong in ``value`` (lists and dicts
    walked, keys too), or None. ``place`` is like ``resources[0].url``."""
    stack = [(value, where, 0)]
    while stack:
        item, place, depth = stack.pop()
        if isinstance(item, str):
            message = text_problem(item)
        elif isinstance(item, float) and not math.isfinite(item):
            message = tk._("is not a finite number")
        elif isinstance(item, (dict, list, tuple)):
            if depth >= MAX_DEPTH:
                return place, too_deep()
            message = None
            if isinstance(item, dict):
                for key, sub in item.items():
                    bad_key = text_problem(key) if isinstance(key, str) else None
                    if bad_key:  # the key itself is not shown: it cannot be
                        return place or "data", tk._("a field name {}").format(bad_key)
                    stack.append((sub, f"{place}.{key}" if place else str(key), depth + 1))
            else:
                stack.extend((sub, f"{place}[{n}]", depth + 1) for n, sub in enumerate(item))
        else:
            message = None
        if message:
            return place, message
    return None


def field_errors(data: Any) -> dict[str, list[str]]:
    """``problem`` of a data dict as ValidationError errors, under the
    top-level field (``{"resources": ["resources[0].url: contains ..."]}``)."""
    found = problem(data)
    if found is None:
        return {}
    place, message = found
    field = place.split(".", 1)[0].split("[", 1)[0] or "data"
    return {field: [message if place == field else f"{place}: {message}"]}
