"""Turns the index document CKAN builds (the dict it would send to Solr,
after every ``before_dataset_index`` hook) into one row of our index."""
from __future__ import annotations

import datetime
import functools
import hashlib
import json
from typing import Any, NamedTuple

from .analysis import TextIndex, render_positions, render_set
from .fields import STORED_ONLY, TIERS, FieldType, copied_to_text, field_type

# Analysed values are kept whole in ``stored``; the filter column only needs
# enough to tell values apart.
TERM_TEXT_LIMIT = 200
# String fields that are unique per dataset, or duplicate another field, or
# are never shown as facets: filters on them use the jsonb ``terms`` column,
# and leaving them out keeps ``facet_terms`` short (facets count them all).
_NOT_FACETED = {"id", "name", "index_id", "title_string", "url", "ckan_url",
                "download_url", "res_url", "site_id", "revision_id",
                "permission_labels", "owner_org", "creator_user_id", "type",
                "private", "state", "entity_type", "license", "version",
                "maintainer_email", "author_email",
                # TDPF schema fields that are per-dataset or free text
                "global_id", "source_original_id", "source_page_url", "spatial",
                "temporal_start", "temporal_end", "usage_license_period",
                "sales_info_url", "haspolicy_url", "pricing_notices_of_price",
                "terms_of_use_notices", "pricing_price_range"}
FACET_VALUE_LIMIT = 200


@functools.lru_cache(maxsize=65536)  # facet values repeat across datasets
def term_hash(field: str, value: str) -> int:
    """Stable signed 64-bit id of a (field, value) pair."""
    digest = hashlib.blake2b(f"{field}\x1f{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def facetable(field: str, value: str) -> bool:
    return _field(field).faceted and len(value) <= FACET_VALUE_LIMIT


class _Field(NamedTuple):
    order: tuple[str, str]  # title and tags first, see build_row
    text: bool              # analysed: its terms are cut to TERM_TEXT_LIMIT
    faceted: bool           # its values (short enough) are facet terms
    in_default: bool        # copied to the default search field
    stored_only: bool


@functools.lru_cache(maxsize=4096)  # a field's kind, asked for every value
def _field(name: str) -> _Field:
    ftype = field_type(name)
    return _Field((TIERS.get(name, "Z"), name), ftype is FieldType.TEXT,
                  ftype is FieldType.STRING and name not in _NOT_FACETED,
                  copied_to_text(name), name in STORED_ONLY)


def as_list(value: Any) -> list[Any]:
    """A field value as Solr sees it: a list of its non-null values."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return [value]


def _term(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def parse_timestamp(value: Any) -> datetime.datetime | None:
    if not value:
        return None
    try:
        ts = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return ts if ts.tzinfo else ts.replace(tzinfo=datetime.UTC)


def build_row(doc: dict[str, Any]) -> dict[str, Any]:
    """Columns of ``tdpf_search_index`` for one index document, plus the
    (hash, field, value) facet terms it uses under ``"_terms"``."""
    terms: dict[str, list[str]] = {}
    stored: dict[str, Any] = {}
    facet_terms: dict[int, tuple[str, str]] = {}
    text = TextIndex()

    # Title and tags first, so a long description cannot push them past the
    # last tsvector position.
    for key in sorted(doc, key=lambda k: _field(k).order):
        value = doc[key]
        field = _field(key)
        if field.stored_only:
            continue
        stored[key] = value
        values = list(dict.fromkeys(map(_term, as_list(value))))
        if not values:
            continue
        terms[key] = [v[:TERM_TEXT_LIMIT] for v in values] if field.text else values
        if field.faceted:
            for v in values:
                if len(v) <= FACET_VALUE_LIMIT:
                    facet_terms[term_hash(key, v)] = (key, v)
        if field.text or field.in_default:
            text.add(key, values, field.in_default)

    return {
        "id": doc["id"],
        "name": doc.get("name"),
        "site_id": doc.get("site_id"),
        "state": doc.get("state"),
        "capacity": doc.get("capacity"),
        "metadata_modified": parse_timestamp(doc.get("metadata_modified")),
        "metadata_created": parse_timestamp(doc.get("metadata_created")),
        "title_string": doc.get("title_string"),
        "permission_labels": [str(p) for p in as_list(doc.get("permission_labels"))],
        "facet_terms": sorted(facet_terms),
        "terms": json.dumps(terms, ensure_ascii=False),
        "stored": json.dumps(stored, ensure_ascii=False, default=str),
        "search_all": render_set(text.everything),
        "search_fields": render_set(text.fields),
        "search_pos": render_positions(text.positions),
        "data_dict": doc.get("data_dict"),
        "validated_data_dict": doc.get("validated_data_dict"),
        "_terms": [(h, f, v) for h, (f, v) in facet_terms.items()],
    }
