"""The OpenAPI 3.1 description of the Action API as this site runs it.

What it covers is read from CKAN's action registry with the loaded plugins:
every ``tdpf_*`` action, every core action whose chain holds a function of
ours (``ckanext.tdpf*``: gates, URL masking, withholding...) and the core
actions a plugin describes because its hooks change them (``package_show``).
Each operation comes from the action's docstring (summary, ``:param:`` and
``:type:``), CKAN's naming conventions as ``params.shared_errors`` checks
them (ids are text, ``limit``/``offset`` whole numbers, ``include_*``
true/false), the core's type gates (``logic.gates.SCHEMAS``) and the
plugins' ``IActionDescriptions`` entries (required parameters, enums, the
Japanese summary, what a plugin changes in a core action).

Reads CKAN 2.12's registry as it stores chained actions (a
``functools.wraps`` wrapper around ``functools.partial(chained, previous)``).
"""
from __future__ import annotations

import functools
import importlib.metadata
import inspect
from collections.abc import Callable
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from .. import params
from ..compat import action_registry
from ..interfaces import IActionDescriptions
from ..logic import gates
from . import docstrings, entries
from .responses import COMPONENTS, responses

OURS = "ckanext.tdpf"  # ckanext.tdpf, ckanext.tdpf_trust, ckanext.tdpf_market, ...
ACTION_PATH = "/api/3/action/{}"


def registry() -> dict[str, Callable]:
    return action_registry.actions()


def chain(func: Callable) -> list[Callable]:
    """The functions an action runs through, the first called first, the
    original (core) action last."""
    out: list[Callable] = []
    func = getattr(func, "__wrapped__", func)
    while isinstance(func, functools.partial):
        out.append(func.func)
        func = getattr(func.args[0], "__wrapped__", func.args[0])
    out.append(func)
    return out


def plugin_of(func: Callable) -> str:
    """``tdpf_trust`` for ``ckanext.tdpf_trust.scan.actions`` (the package
    after ``ckanext.``)."""
    parts = (getattr(func, "__module__", "") or "").split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "ckanext" else parts[0]


def plugin_entries() -> dict[str, list[tuple[str, dict]]]:
    """Every plugin's ``IActionDescriptions`` entries, by action, each with
    the package of the plugin giving it (``tdpf_harvesters`` for both
    harvester plugins)."""
    out: dict[str, list[tuple[str, dict]]] = {}
    for plugin in p.PluginImplementations(IActionDescriptions):
        for name, entry in plugin.action_descriptions().items():
            out.setdefault(name, []).append((plugin_of(type(plugin)), entry))
    return out


def described_actions() -> dict[str, Callable]:
    """The actions the description covers, by name."""
    described = plugin_entries()
    return {name: func for name, func in sorted(registry().items())
            if name.startswith("tdpf_") or name in described
            or any(f.__module__.startswith(OURS) for f in chain(func)[:-1])}


def _merged(own: list[tuple[str, dict]]) -> dict[str, Any]:
    """The plugins' entries for one action as one, their notes kept apart
    with the plugin giving each."""
    out: dict[str, Any] = {"params": {}, "required": [], "ja": "", "result": None}
    for _plugin, entry in own:
        out = entries.merged(out, {k: v for k, v in entry.items() if k != "note"})
    out["notes"] = [(plugin, entry["note"]) for plugin, entry in own if entry.get("note")]
    return out


def _convention(name: str) -> dict[str, Any]:
    """What ``params.shared_errors`` requires of a parameter by its name."""
    if params.is_id_key(name):
        return {"type": "string"}
    if name in ("limit", "offset"):
        return {"type": "integer", "minimum": 0, "maximum": params.MAX_NUMBER}
    if params.is_flag_key(name):
        return {"type": "boolean"}
    return {}


def gate_schema(check: Callable) -> dict[str, Any]:
    """JSON Schema of a gate's check (``logic.gates``); {} when unknown."""
    made_by = check.__qualname__.split(".<locals>")[0]
    if made_by == "_whole":
        bounds = inspect.getclosurevars(check).nonlocals
        return {"type": "integer", "minimum": bounds["low"], "maximum": bounds["high"]}
    if made_by == "_one_of":
        return {"enum": list(inspect.getclosurevars(check).nonlocals["choices"])}
    if made_by == "_object_with":
        return {"type": "object", "required": list(inspect.getclosurevars(check).nonlocals["keys"])}
    return GATE_SCHEMAS.get(check.__qualname__, {})


_TEXTS = {"type": "array", "items": {"type": "string"}}
GATE_SCHEMAS: dict[str, dict[str, Any]] = {
    "tdpf_id_string": {"type": "string"}, "tdpf_text": {"type": "string"},
    "tdpf_safe_text": {"type": ["string", "number"]}, "tdpf_flag": {"type": "boolean"},
    "tdpf_text_list": {"type": ["string", "array"], "items": {"type": "string"}},
    "_list_of_text": _TEXTS,
    "_query_pairs": {"type": ["string", "array"], "items": {"type": "string"},
                     "description": "field:term, e.g. url:example.jp"},
    "_rdf_format": {"type": "string", "description": "ttl, rdf, xml, jsonld, ..."},
    "_date": {"type": "string", "description": "ISO 8601 date or date-time"},
    "_sort": {"type": "string", "description": "a sort order such as \"name asc\""},
    "_object": {"type": "object"},
    "_rdf_profiles": {"type": "array", "items": {"type": "string"},
                      "description": "ckanext-dcat profile names (euro_dcat_ap_3, ...)"},
    "_timestamp": {"type": ["number", "string"], "minimum": 0,
                   "description": "seconds since 1970"},
}


def _param_schemas(name: str, doc: docstrings.Doc, merged: dict) -> dict[str, dict]:
    """``{parameter: JSON Schema with its description}``."""
    gated = gates.SCHEMAS.get(name, {})
    names = list(doc.params) + [n for n in list(gated) + list(merged["params"])
                                if n not in doc.params]
    out: dict[str, dict] = {}
    for param in dict.fromkeys(names):
        field = doc.params.get(param, {})
        schema = docstrings.type_schema(field.get("type", ""))
        convention = _convention(param)
        if not schema or schema.get("type") == convention.get("type"):
            schema = {**schema, **convention}
        if not schema and name.startswith("tdpf_"):
            schema = {"type": "string"}  # our actions read other parameters as text
        for check in gated.get(param, ()):
            schema = {**schema, **gate_schema(check)}
        schema = {**schema, **merged["params"].get(param, {})}
        description = schema.pop("description", "") or field.get("description", "")
        if description:
            schema["description"] = description
        out[param] = schema
    return out


def _result_schema(doc: docstrings.Doc, merged: dict) -> dict[str, Any]:
    if merged["result"] is not None:
        return merged["result"]
    said = (doc.rtype or doc.returns).strip("`").lower()
    if said.startswith(("dict", "a dict", "{")):
        return {"type": "object"}
    if said.startswith(("list", "[")):
        return {"type": "array"}
    return {}


def _notes(func: Callable, merged: dict) -> list[dict[str, str]]:
    """What our plugins change in a core action: their entries' notes, and
    the summaries of the chained functions of a package that gave none."""
    notes = [{"by": plugin, "note": note} for plugin, note in merged["notes"]]
    noted = {n["by"] for n in notes}
    for link in chain(func)[:-1]:
        summary = docstrings.parse(link).summary
        if link.__module__.startswith(OURS) and summary and plugin_of(link) not in noted:
            notes.append({"by": plugin_of(link), "note": summary})
            noted.add(plugin_of(link))
    return notes


def operations(name: str, func: Callable, own: list[tuple[str, dict]]) -> dict[str, dict]:
    """The path item of one action: POST with a JSON body, and GET with a
    query string when the action is side-effect free."""
    links = chain(func)
    original = links[-1]
    doc = docstrings.parse(original)
    merged = _merged(own)
    schemas = _param_schemas(name, doc, merged)
    required = [n for n in merged["required"] if n in schemas]
    notes = [] if name.startswith("tdpf_") else _notes(func, merged)
    description = doc.text
    if notes:
        description += "\n\nChanged by this portal:\n" + "\n".join(
            f"- {n['note']} ({n['by']})" for n in notes)
    common = {
        "tags": [plugin_of(original) if name.startswith("tdpf_") else "core"],
        "summary": doc.summary or name, "description": description,
        "x-summary-ja": merged["ja"], "x-tdpf-changes": notes,
        "responses": responses(_result_schema(doc, merged)),
    }
    item = {"post": {**common, "operationId": name, "requestBody": {
        "required": bool(required), "content": {"application/json": {"schema": {
            "type": "object", "properties": schemas, "required": required}}}}}}
    if getattr(func, "side_effect_free", False):
        item["get"] = {**common, "operationId": f"{name}_get", "parameters": [
            _query_parameter(param, schema, param in required)
            for param, schema in schemas.items() if _in_query(schema)]}
    return item


def _in_query(schema: dict) -> bool:
    """A query string carries texts (repeated for a list), not objects."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return kinds != ["object"] and not (kinds == ["array"] and schema.get("items", {}).get(
        "type", "string") != "string")


def _query_parameter(name: str, schema: dict, required: bool) -> dict[str, Any]:
    schema = dict(schema)
    description = schema.pop("description", "")
    out = {"name": name, "in": "query", "required": required, "schema": schema,
           "style": "form", "explode": True}
    return {**out, "description": description} if description else out


def _version() -> str:
    try:
        return importlib.metadata.version("ckanext-tdpf-bundle")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def build() -> dict[str, Any]:
    """The whole description (a JSON-able dict)."""
    described = plugin_entries()
    paths = {ACTION_PATH.format(name): operations(name, func, described.get(name, []))
             for name, func in described_actions().items()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "TDPF Action API",
            "version": _version(),
            "description": (
                "The CKAN Action API of this portal: every action of its own (tdpf_*) and "
                "the core actions it changes. Every answer is CKAN's envelope "
                "{help, success, result} or {success: false, error: {__type, message, "
                "<field>: [messages]}}. Authenticate with an API token in the "
                "Authorization header. 本ポータル独自の API と、本ポータルが動作を変えている "
                "CKAN 標準 API の一覧です。"),
        },
        "servers": [{"url": tk.config.get("ckan.site_url") or "/"}],
        "paths": paths,
        "components": COMPONENTS,
        "security": [{}, {"apiToken": []}],
    }
