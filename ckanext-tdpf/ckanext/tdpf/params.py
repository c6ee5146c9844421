"""CKAN's naming conventions for action parameters (an id is text,
``limit``/``offset`` whole numbers, ``include_*`` true/false), which the
API edge, every ``tdpf_*`` action and the OpenAPI description follow; each
action reads its own parameters through a navl schema
(``logic.action_input``).

``guarded_actions`` puts the checks every ``tdpf_*`` action shares in front
of each of them (the plugins register their actions through it)."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import ErrorDict

from . import inputs
from .logic.action_input import truth, whole_number

# The largest offset or limit any action takes: far beyond the catalogue
# (an empty page, not an error), inside PostgreSQL's bigint (9.2 x 10^18; a
# bigger OFFSET is a database error).
MAX_NUMBER = 10 ** 18


def is_flag_key(key: str) -> bool:
    """true/false parameters."""
    return key in ("all_fields", "use_default_schema") or key.startswith("include_")


def not_an_id() -> str:
    return tk._("Must be text: the id or name of one object")


def is_id_key(key: str) -> bool:
    """Parameters naming one object by its id or name."""
    return key in ("id", "user", "organization") or key.endswith("_id")


def _shared_error(key: str, value: Any) -> str | None:
    if is_id_key(key):
        return None if isinstance(value, str) or _is_whole(value) else not_an_id()
    if key in ("limit", "offset") and value != "":
        try:
            whole_number(value, 0, MAX_NUMBER)
        except tk.Invalid as error:
            return error.error
    elif is_flag_key(key) and value != "":
        try:
            truth(value)
        except tk.Invalid as error:
            return error.error
    elif key in ("order_by", "type") and not isinstance(value, str):
        return tk._("Must be text")
    elif key == "sort" and not (isinstance(value, str) or (  # datastore_search: a list
            isinstance(value, list) and all(isinstance(v, str) for v in value))):
        return tk._("Must be a text or a list of texts")
    return None


def shared_errors(data_dict: Any, empty_ok: bool = True) -> dict[str, list[str]]:
    """What every ``tdpf_*`` action refuses before its own checks (and the
    API edge for every action, with ``empty_ok`` False: CKAN's own readers
    of these parameters fail on ""): input breaking ``inputs`` (NUL,
    unpaired surrogates, infinite numbers, nesting); by CKAN's naming
    conventions, an id (``id``, ``*_id``, ``user``, ``organization``) that is
    not text (a JSON number is read as its digits, as a query string gives
    it), ``limit``/``offset`` that are not whole numbers from 0 to
    ``MAX_NUMBER``, ``include_*``/``all_fields``/``use_default_schema`` that
    are not true/false,
    ``order_by``/``type`` that are not text, ``sort`` neither text nor texts."""
    if not isinstance(data_dict, dict):
        return {"data": [tk._("Send the parameters as a JSON object")]}
    errors = inputs.field_errors(data_dict)
    for key, value in data_dict.items():
        if key in errors or value is None:
            continue
        if value == "" and not empty_ok and key in ("limit", "offset"):
            message = tk._("Must be a whole number from {} to {}").format(0, MAX_NUMBER)
        elif value == "" and not empty_ok and is_flag_key(key):
            message = tk._("Must be true or false")
        else:
            message = _shared_error(key, value)
        if message:
            errors[key] = [message]
    return errors


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _guarded(action: Callable) -> Callable:
    @functools.wraps(action)  # keeps side_effect_free and the docstring
    def guarded(context, data_dict=None, **kw):
        data_dict = {} if data_dict is None else data_dict
        errors = shared_errors(data_dict)
        if errors:
            raise tk.ValidationError(cast(ErrorDict, errors))
        ids = {k: str(v) for k, v in data_dict.items() if is_id_key(k) and _is_whole(v)}
        return action(context, {**data_dict, **ids} if ids else data_dict, **kw)
    guarded.tdpf_guarded = True  # type: ignore[attr-defined]
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
