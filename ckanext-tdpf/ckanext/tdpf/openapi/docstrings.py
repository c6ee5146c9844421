"""Reading an action's Sphinx docstring (CKAN's convention, ours too):
its summary, the ``:param name:`` / ``:type name:`` fields and what it
returns. A field's text may go on over indented lines."""
from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any

_FIELD = re.compile(r":(param|type|returns?|rtype)(?:\s+([^:\s]+))?\s*:\s?(.*)$")


@dataclasses.dataclass
class Doc:
    summary: str = ""  # the first paragraph, on one line
    text: str = ""  # everything before the fields
    params: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    returns: str = ""
    rtype: str = ""


def _fields(lines: list[str]) -> tuple[list[str], list[tuple[str, str, list[str]]]]:
    body: list[str] = []
    fields: list[tuple[str, str, list[str]]] = []
    open_field: list[str] | None = None
    for line in lines:
        match = None if line.startswith(" ") else _FIELD.match(line)
        if match:
            kind, name, rest = match.groups()
            open_field = [rest.strip()]
            fields.append((kind, name or "", open_field))
        elif open_field is not None and line.startswith(" ") and line.strip():
            open_field.append(line.strip())
        else:
            open_field = None
            if not fields:
                body.append(line)
    return body, fields


def parse(func: Any) -> Doc:
    body, fields = _fields((inspect.getdoc(func) or "").splitlines())
    text = "\n".join(body).strip()
    doc = Doc(text=text, summary=" ".join(text.split("\n\n", 1)[0].split()))
    params: dict[str, dict[str, str]] = {}
    results_begun = False  # CKAN lists result keys as :param: after :rtype:
    for kind, name, words in fields:
        value = " ".join(w for w in words if w)
        if kind in ("returns", "return"):
            doc.returns, results_begun = value, True
        elif kind == "rtype":
            doc.rtype, results_begun = value, True
        elif name and not results_begun:
            params.setdefault(name, {})["description" if kind == "param" else "type"] = value
    doc.params = {name: field for name, field in params.items() if "description" in field}
    return doc


_SCALARS = (("bool", "boolean"), ("int", "integer"), ("float", "number"),
            ("number", "number"), ("str", "string"), ("dict", "object"))


def type_schema(text: str) -> dict[str, Any]:
    """JSON Schema of a docstring type such as ``string``, ``int``, ``bool``,
    ``list of strings``, ``dictionary``, ``int, str``, ``string or list of
    strings``; {} when unknown."""
    kinds: list[str] = []
    items: dict[str, Any] = {}
    for part in re.split(r",|\bor\b", text.lower()):
        part = part.strip().rstrip(".")
        if part.startswith("list"):
            kind = "array"
            of = part.split(" of ", 1)[1].split()[0] if " of " in part else ""
            items = type_schema(of.rstrip("s")) if of else {}
        else:
            kind = next((json for word, json in _SCALARS if part.startswith(word)), "")
        if kind and kind not in kinds:
            kinds.append(kind)
    if not kinds:
        return {}
    schema: dict[str, Any] = {"type": kinds[0] if len(kinds) == 1 else kinds}
    if "array" in kinds and items:
        schema["items"] = items
    return schema
