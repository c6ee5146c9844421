"""The answers of CKAN's Action API as OpenAPI responses: the envelope
``{help, success, result}`` and its error shapes, by status (see
``ckan.views.api.action`` and our edge, ``ckanext.tdpf.edge``)."""
from __future__ import annotations

from typing import Any

JSON = "application/json"


def _error(*kinds: str, **fields: Any) -> dict[str, Any]:
    """The error envelope whose ``error.__type`` is one of ``kinds``."""
    return {
        "type": "object", "required": ["success", "error"],
        "properties": {
            "help": {"type": "string"}, "success": {"const": False},
            "error": {"type": "object", "required": ["__type"], "properties": {
                "__type": {"enum": list(kinds)}, "message": {"type": "string"}, **fields}},
        },
    }


def _response(description: str, schema: dict, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}, **extra}


COMPONENTS: dict[str, Any] = {
    "securitySchemes": {"apiToken": {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": "An API token (made on the user's page 'API Tokens' / 「API トークン」)"}},
    "responses": {
        "BadRequest": _response(
            "Malformed request: not JSON, not an object, a NUL or unpaired surrogate, "
            "JSON nested too deeply, a search syntax error, an unknown action. "
            "CKAN answers a body it cannot read as JSON with a JSON string "
            "(\"Bad request: JSON Error: ...\") instead of the envelope.",
            {"oneOf": [_error("Bad request", "Integrity Error", "Search Query Error"),
                       {"type": "string"}]}),
        "NotAuthorized": _response(
            "The caller may not do this (anonymous, wrong organisation, not a sysadmin, "
            "MFA not passed)", _error("Authorization Error")),
        "NotFound": _response("No such object (a dataset, resource, user... named in the "
                              "parameters)", _error("Not Found Error")),
        "ValidationError": _response(
            "Invalid parameters: ``error`` maps each field to what is wrong with it",
            _error("Validation Error", "Search Error")),
        "TooManyRequests": _response(
            "Over the API rate limit (ckanext.tdpf_market.ratelimit)",
            _error("Rate Limit Exceeded", retry_after={"type": "integer"}),
            headers={"Retry-After": {"schema": {"type": "integer"}}}),
    },
}


def responses(result: dict[str, Any]) -> dict[str, Any]:
    """The responses of one operation (404 for all: an action may look up
    an object named anywhere in its parameters, even inside an object)."""
    out: dict[str, Any] = {
        "200": _response("Done: ``result`` holds the action's answer", {
            "type": "object", "required": ["help", "success", "result"],
            "properties": {"help": {"type": "string"}, "success": {"const": True},
                           "result": result}}),
        "400": {"$ref": "#/components/responses/BadRequest"},
        "403": {"$ref": "#/components/responses/NotAuthorized"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "409": {"$ref": "#/components/responses/ValidationError"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
    }
    return out
