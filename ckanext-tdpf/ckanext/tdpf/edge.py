"""Malformed requests stop at the edge, before any view or action: a NUL or
an unpaired surrogate in the address, the query string, a form or a JSON
body, an infinite number, or JSON nested deeper than ``inputs.MAX_DEPTH``
(Python's parser runs out of stack near a thousand levels: CKAN answered
500). They are answered 400 with what is wrong: the API's JSON error shape
under ``/api/``, the error page elsewhere.

Registered as an app-wide ``before_request`` of the core plugin's
blueprint ``tdpf_edge`` (CKAN's own before_request, which identifies the
user, runs first)."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, request

from . import inputs

tdpf_edge = Blueprint("tdpf_edge", __name__)

_NOT_PARSED = object()


def _body() -> Any:
    """The JSON the request carries (as the Action API reads it: the body,
    or a form whose only key is the JSON text); ``_NOT_PARSED`` when none
    or not JSON (the view reports that itself). RecursionError propagates."""
    if request.is_json:
        data = request.get_json(silent=True)  # cached for the view
        return _NOT_PARSED if data is None else data
    if request.path.startswith("/api/") and request.method in ("POST", "PUT"):
        form = request.form
        if len(form) == 1 and next(iter(form.values())) in ("1", ""):
            try:
                return json.loads(next(iter(form.keys())))
            except ValueError:
                return _NOT_PARSED
    return _NOT_PARSED


def _problem() -> tuple[str, str] | None:
    message = inputs.text_problem(request.path)
    if message:
        return tk._("the address"), message
    for source in (request.args, request.form):
        for key, values in source.lists():
            found = inputs.problem({key: values[0] if len(values) == 1 else values})
            if found:
                return found
    try:
        data = _body()
    except RecursionError:
        return "data", inputs.too_deep()
    if data is _NOT_PARSED:
        return None
    errors = inputs.field_errors(data)
    return next(((field, messages[0]) for field, messages in errors.items()), None)


@tdpf_edge.before_app_request
def refuse_malformed() -> Response | None:
    found = _problem()
    if found is None:
        return None
    field, message = found
    if not request.path.startswith("/api/"):
        return tk.abort(400, f"{field}: {message}")
    error = {"__type": "Bad request", "message": tk._("Bad request: {}").format(
        f"{field}: {message}"), field: [message]}
    return Response(json.dumps({"success": False, "error": error}), status=400,
                    content_type="application/json;charset=utf-8")
