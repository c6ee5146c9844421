"""Reading action parameters that may arrive as any JSON type (the core's
chained resource_search, the trust plugin's review, suspension, MFA and
audit actions): bad input becomes a ValidationError or an empty value,
never a 500.

``guarded_actions`` puts the checks every ``tdpf_*`` action shares in front
of each of them (the plugins register their actions through it)."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from . import inputs

# The largest offset or limit any action takes: beyond the catalogue, and
# far inside PostgreSQL's bigint (a bigger OFFSET is a database error).
MAX_NUMBER = 10 ** 9
_TRUE = ("true", "yes", "on", "y", "t", "1")
_FALSE = ("false", "no", "off", "n", "f", "0")


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
    except (TypeError, ValueError, OverflowError):  # OverflowError: 1e999
        out = None
    if out is None or isinstance(value, bool) or out < low or (high is not None and out > high):
        message = (tk._("Must be a whole number from {} to {}").format(low, high)
                   if high is not None else
                   tk._("Must be a whole number of at least {}").format(low))
        raise tk.ValidationError({key: [message]})
    return out


def flag(data_dict: dict, key: str, default: bool) -> bool:
    """A true/false parameter (JSON boolean, or the words CKAN's asbool
    takes: true/false, yes/no, on/off, 1/0); ``default`` when missing."""
    value = data_dict.get(key)
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, (str, int)) else None
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise tk.ValidationError({key: [tk._("Must be true or false")]})


def is_id_key(key: str) -> bool:
    """Parameters naming one object by its id or name."""
    return key in ("id", "user", "organization") or key.endswith("_id")


def shared_errors(data_dict: Any) -> dict[str, list[str]]:
    """What every ``tdpf_*`` action refuses before its own checks: input
    breaking ``inputs`` (NUL, unpaired surrogates, infinite numbers,
    nesting), an id that is not text (a JSON number is read as its digits,
    as a query string gives it), and ``limit``/``offset`` that are not whole
    numbers from 0 to ``MAX_NUMBER``."""
    if not isinstance(data_dict, dict):
        return {"data": [tk._("Send the parameters as a JSON object")]}
    errors = inputs.field_errors(data_dict)
    for key, value in data_dict.items():
        if key in errors:
            continue
        if is_id_key(key) and not (value is None or isinstance(value, str)
                                   or _is_whole(value)):
            errors[key] = [tk._("Must be text: the id or name of one object")]
        elif key in ("limit", "offset"):
            try:
                number(data_dict, key, None, 0, MAX_NUMBER)
            except tk.ValidationError as error:
                errors.update(error.error_dict)
    return errors


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _guarded(action: Callable) -> Callable:
    @functools.wraps(action)  # keeps side_effect_free and the docstring
    def guarded(context, data_dict=None, **kw):
        data_dict = {} if data_dict is None else data_dict
        errors = shared_errors(data_dict)
        if errors:
            raise tk.ValidationError(errors)
        ids = {k: str(v) for k, v in data_dict.items() if is_id_key(k) and _is_whole(v)}
        return action(context, {**data_dict, **ids} if ids else data_dict, **kw)
    return guarded


def guarded_actions(actions: Any) -> dict[str, Callable]:
    """The plugin's actions (a dict, or a module's ``__all__``) with the
    ``tdpf_*`` ones behind ``shared_errors``; chained core actions are left
    as they are (their input is the core's: see ``logic.gates``)."""
    if not isinstance(actions, dict):
        actions = {name: getattr(actions, name) for name in actions.__all__}
    return {name: (_guarded(func) if name.startswith("tdpf_")
                   and not getattr(func, "chained_action", False) else func)
            for name, func in actions.items()}
