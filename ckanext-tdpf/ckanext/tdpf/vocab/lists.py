"""Multi-value schema fields (theme, municipality_codes, language, ...)
arrive as lists (API, validated dicts), JSON text (stored extras, the
unvalidated dict CKAN indexes) or, from older records, one plain value."""
from __future__ import annotations

import json
from typing import Any


def as_list(value: Any) -> list[str]:
    """The field's non-empty values as strings, whatever shape it came in."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.startswith("[") else [value]
        except ValueError:
            value = [value]
    elif not isinstance(value, (list, tuple)):
        value = [value]
    return [str(v) for v in value if v not in (None, "")]
