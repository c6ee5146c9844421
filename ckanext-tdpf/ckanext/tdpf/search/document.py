"""Turns the index document CKAN builds (the dict it would send to Solr,
after every ``before_dataset_index`` hook) into one row of our index."""
from __future__ import annotations

import datetime
from typing import Any

from .analysis import VectorBuilder
from .fields import (DEFAULT_WEIGHT, STORED_ONLY, WEIGHTS, FieldType,
                     copied_to_text, field_type)

# Long analysed values are kept whole in the tsvector and in ``stored``;
# the filter/facet column only needs enough to tell values apart.
TERM_TEXT_LIMIT = 200


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return [value]


def _term(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        import json
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def parse_timestamp(value: Any) -> datetime.datetime | None:
    if not value:
        return None
    try:
        text = str(value).replace("Z", "+00:00")
        ts = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=datetime.timezone.utc)
    return ts


def build_row(doc: dict[str, Any]) -> dict[str, Any]:
    """Columns of ``tdpf_search_index`` for one index document."""
    terms: dict[str, list[str]] = {}
    stored: dict[str, Any] = {}
    vector = VectorBuilder()

    # Title and tags first: a phrase can then be found early in position space
    # even when a long description pushes later fields past the limit.
    order = sorted(doc, key=lambda k: (WEIGHTS.get(k, DEFAULT_WEIGHT), k))
    for key in order:
        value = doc[key]
        if key in STORED_ONLY:
            continue
        values = [_term(v) for v in _as_list(value)]
        ftype = field_type(key)
        if values:
            if ftype is FieldType.TEXT:
                terms[key] = [v[:TERM_TEXT_LIMIT] for v in values]
            else:
                terms[key] = values
        stored[key] = value
        weight = WEIGHTS.get(key, DEFAULT_WEIGHT)
        in_text = copied_to_text(key)
        if ftype is FieldType.TEXT or in_text:
            vector.add_text(key, values, weight, unprefixed=in_text)

    return {
        "id": doc["id"],
        "name": doc.get("name"),
        "site_id": doc.get("site_id"),
        "state": doc.get("state"),
        "metadata_modified": parse_timestamp(doc.get("metadata_modified")),
        "metadata_created": parse_timestamp(doc.get("metadata_created")),
        "title_string": doc.get("title_string"),
        "permission_labels": [str(p) for p in _as_list(doc.get("permission_labels"))],
        "terms": terms,
        "stored": stored,
        "tsv": vector.render(),
        "data_dict": doc.get("data_dict"),
        "validated_data_dict": doc.get("validated_data_dict"),
    }
