"""Adding up ``IActionDescriptions`` entries for one action (two features
of a plugin, or two plugins, describing the same core action)."""
from __future__ import annotations


def merged(had: dict, entry: dict) -> dict:
    """``had`` and ``entry`` together: parameters merged name by name,
    required names united, notes joined, the first Japanese summary kept,
    anything else taken from ``entry``."""
    out = {**had}
    for key, value in entry.items():
        if key == "params":
            out[key] = {name: {**had.get(key, {}).get(name, {}), **schema}
                        for name, schema in {**had.get(key, {}), **value}.items()}
        elif key == "required":
            out[key] = list(dict.fromkeys([*had.get(key, []), *value]))
        elif key in ("note", "ja") and had.get(key):
            out[key] = f"{had[key]}; {value}" if key == "note" else had[key]
        else:
            out[key] = value
    return out
