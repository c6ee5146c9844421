"""Malformed requests stop at the edge, before any view or action: a NUL or
an unpaired surrogate in the address, the query string, a form or a JSON
body, an infinite number, or JSON nested deeper than ``inputs.MAX_DEPTH``
(Python's parser runs out of stack near a thousand levels: CKAN answered
500). They are answered 400 with what is wrong: the API's JSON error shape
under ``/api/``, the error page elsewhere.

Pages: the query-string numbers CKAN's views convert without a check
(``page``, ``limit``, ``offset``, ``rows``, ``start``; the activity pages'
``before``/``after`` timestamps) and a blank ``sort`` are refused the same
way; a search, validation, authorisation or not-found error that a view
lets through (a DCAT catalog or feed with a malformed ``q``/``sort``,
``/api/2/util/user/autocomplete`` anonymously) is answered 400/403/404 with
its message instead of 500.

A call of any action through the API also gets the checks every ``tdpf_*``
action makes (``params.shared_errors``: an id is text, ``limit``/``offset``
whole numbers up to 10^9), answered 409 as the action's own validation
errors are: core actions put such values straight into SQL (``package_show
{"id": 1}`` was a 500). An id sent as a JSON number is read as its digits,
as the same call with a query string gives it.

Registered as an app-wide ``before_request`` of the core plugin's
blueprint ``tdpf_edge`` (CKAN's own before_request, which identifies the
user, runs first)."""
from __future__ import annotations

import json
import math
from typing import Any

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchQueryError

from . import inputs, params
from .logic.action_input import whole_number
from .search.connection import SearchSyntaxError

tdpf_edge = Blueprint("tdpf_edge", __name__)

_NOT_PARSED = object()


def _body() -> tuple[Any, bool]:
    """The JSON the request carries, as the Action API reads it (the body,
    or a form whose only key is the JSON text), and whether it is the body
    (parsed once: the view gets the same object); ``_NOT_PARSED`` when none
    or not JSON (the view reports that itself). RecursionError propagates."""
    if request.is_json:
        data = request.get_json(silent=True)  # cached for the view
        return (_NOT_PARSED if data is None else data), True
    if request.path.startswith("/api/") and request.method in ("POST", "PUT"):
        form = request.form
        if len(form) == 1 and next(iter(form.values())) in ("1", ""):
            try:
                return json.loads(next(iter(form.keys()))), False
            except ValueError:
                pass
    return _NOT_PARSED, False


def _problem() -> tuple[str, str] | None:
    message = inputs.text_problem(request.path)
    if message:
        return tk._("the address"), message
    for source in (request.args, request.form):
        found = inputs.problem(_mixed(source))
        if found:
            return found
    try:
        data, _in_body = _body()
    except RecursionError:
        return "data", inputs.too_deep()
    if data is _NOT_PARSED:
        return None
    errors = inputs.field_errors(data)
    return next(((field, messages[0]) for field, messages in errors.items()), None)


def _mixed(values) -> dict[str, Any]:
    """A multidict as the Action API reads it: a list where a key repeats."""
    return {key: items[0] if len(items) == 1 else items for key, items in values.lists()}


def _action_errors() -> dict[str, list[str]]:
    """``params.shared_errors`` of an Action API call's parameters (query
    string and body); ids sent as JSON numbers become their digits."""
    data, in_body = _body()
    if data is _NOT_PARSED:
        data = _mixed(request.form)  # a form or multipart upload's fields
    data = data if isinstance(data, dict) else {}
    errors = params.shared_errors({**_mixed(request.args), **data}, empty_ok=False)
    numbers = [key for key, value in data.items() if params.is_id_key(key)
               and isinstance(value, int) and not isinstance(value, bool)]
    for key in numbers:
        if in_body:
            data[key] = str(data[key])
        else:  # a form's JSON key is parsed again by the view: refused instead
            errors.setdefault(key, [params.not_an_id()])
    return errors


# pages' query-string numbers: (lowest, highest); a page of up to 1,000
# rows stays inside the largest offset
_PAGE_NUMBERS = {"page": (1, params.MAX_NUMBER // 1000), **dict.fromkeys(
    ("limit", "offset", "rows", "start"), (0, params.MAX_NUMBER))}
_LATEST_TIMESTAMP = 10 ** 11  # seconds since 1970: the year 5138


def _page_errors() -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, value in request.args.items():
        if key in _PAGE_NUMBERS:
            try:
                whole_number(value.strip() or "x", *_PAGE_NUMBERS[key])
            except tk.Invalid as error:
                errors[key] = [error.error]
        elif key in ("before", "after") and not _is_timestamp(value):
            errors[key] = [tk._("Must be a time in seconds since 1970 (from 0 to {})").format(
                _LATEST_TIMESTAMP)]
        elif key == "sort" and value and not value.strip():
            errors[key] = [tk._("Give a sort order such as \"name asc\"")]
    return errors


def _is_timestamp(value: str) -> bool:
    try:
        number = float(value)
    except ValueError:
        return False
    return math.isfinite(number) and 0 <= number <= _LATEST_TIMESTAMP


def _api_error(status: int, error: dict) -> Response:
    return Response(json.dumps({"success": False, "error": error}), status=status,
                    content_type="application/json;charset=utf-8")


@tdpf_edge.before_app_request
def refuse_malformed() -> Response | None:
    found = _problem()
    if found is not None:
        field, message = found
        if not request.path.startswith("/api/"):
            return tk.abort(400, f"{field}: {message}")
        return _api_error(400, {"__type": "Bad request", "message": tk._(
            "Bad request: {}").format(f"{field}: {message}"), field: [message]})
    if request.endpoint == "api.action":
        errors = _action_errors()
        if errors:
            return _api_error(409, {"__type": "Validation Error", **errors})
    elif not request.path.startswith("/api/"):
        errors = _page_errors()
        if errors:
            return tk.abort(400, _joined(errors))
    return None


def _joined(errors: dict) -> str:
    """A ValidationError's errors as one line (``field: message; ...``)."""
    def text(messages: Any) -> str:
        return " ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
    return "; ".join(f"{field}: {text(messages)}" for field, messages in errors.items()
                     if not str(field).startswith("__"))


# What a view lets through, as the Action API would have answered it:
# (status, the API's error type)
_ESCAPED = {tk.ValidationError: (400, "Bad request"), SearchQueryError: (400, "Bad request"),
            SearchSyntaxError: (400, "Bad request"),
            tk.NotAuthorized: (403, "Authorization Error"),
            tk.ObjectNotFound: (404, "Not Found Error")}


def _escaped(error: Exception):
    """A view let a validation, search-syntax, authorisation or not-found
    error through (the Action API catches its own; /api/2/util/user/
    autocomplete, DCAT catalogs and feeds do not): the request was refused,
    not the server broken."""
    status, kind = next(v for k, v in _ESCAPED.items() if isinstance(error, k))
    default = {403: "Not authorized to see this page", 404: "Not found"}.get(status, kind)
    message = (_joined(error.error_dict) if isinstance(error, tk.ValidationError)
               else str(error) or tk._(default))  # CKAN's own msgids
    if request.path.startswith("/api/"):
        return _api_error(status, {"__type": kind, "message": message})
    return tk.render("error_document_template.html", {
        "code": status, "name": kind, "content": message}), status


for _kind in _ESCAPED:
    tdpf_edge.app_errorhandler(_kind)(_escaped)
