"""``/api/3/openapi.json`` (the description, for programs) and
``/api/3/reference`` (the same, as a page for people, Japanese first)."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from . import builder

tdpf_openapi = Blueprint("tdpf_openapi", __name__)

# the plugins whose actions the page lists, in this order
_GROUPS = ("tdpf", "tdpf_trust", "tdpf_market", "tdpf_harvesters", "core")


@tdpf_openapi.route("/api/3/openapi.json")
def description() -> Response:
    response = Response(json.dumps(builder.build(), ensure_ascii=False, indent=1),
                        content_type="application/json;charset=utf-8")
    response.headers["Access-Control-Allow-Origin"] = "*"  # public, like the API's reads
    return response


def _type_label(schema: dict[str, Any]) -> str:
    kinds = schema.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    words = [f"array of {schema['items']['type']}" if k == "array" and
             isinstance(schema.get("items", {}).get("type"), str) else k for k in kinds]
    label = " | ".join(words) or "any"
    if "minimum" in schema or "maximum" in schema:
        label += f" ({schema.get('minimum', '')}..{schema.get('maximum', '')})"
    return label


def _operation(path: str, item: dict[str, Any], japanese: bool) -> dict[str, Any]:
    post = item["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    return {
        "name": post["operationId"], "path": path,
        "methods": ["GET", "POST"] if "get" in item else ["POST"],
        "summary": (post["x-summary-ja"] if japanese else "") or post["summary"],
        "english": post["summary"], "description": post["description"],
        "tag": post["tags"][0], "notes": post["x-tdpf-changes"],
        "params": [{"name": name, "type": _type_label(schema), "enum": schema.get("enum"),
                    "required": name in body.get("required", []),
                    "description": schema.get("description", "")}
                   for name, schema in body["properties"].items()],
        "statuses": sorted(post["responses"]),
    }


def _status_texts() -> dict[str, str]:
    return {"200": tk._("Done"), "400": tk._("Malformed request"),
            "403": tk._("Not allowed for the caller"), "404": tk._("Not found"),
            "409": tk._("Invalid parameters (each field with its message)"),
            "429": tk._("Too many requests (rate limit)")}


@tdpf_openapi.route("/api/3/reference")
def reference() -> str:
    spec = builder.build()
    japanese = tk.h.lang() == "ja"
    operations = [_operation(path, item, japanese) for path, item in spec["paths"].items()]
    groups = [(tag, [op for op in operations if op["tag"] == tag]) for tag in _GROUPS]
    return tk.render("tdpf/api_reference.html", {
        "groups": [(tag, ops) for tag, ops in groups if ops],
        "status_texts": _status_texts(), "version": spec["info"]["version"]})
