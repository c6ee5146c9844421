"""Field types of the index document, mirroring CKAN's Solr schema.xml so
that the same query means the same thing on both backends."""
from __future__ import annotations

from enum import Enum


class FieldType(Enum):
    TEXT = "text"      # analysed (see analysis.py)
    STRING = "string"  # exact value
    DATE = "date"
    INT = "int"


# Fields CKAN's schema analyses as text.
_TEXT = {
    "title", "notes", "author", "author_email", "maintainer",
    "maintainer_email", "res_name", "res_description", "text", "urls",
    "depends_on", "dependency_of", "derives_from", "has_derivation",
    "links_to", "linked_from", "child_of", "parent_of",
}
_TEXT_PREFIXES = ("extras_", "res_extras_")
_DATES = {"metadata_created", "metadata_modified", "indexed_ts"}
_INTS = {"views_total", "views_recent", "resources_accessed_total",
         "resources_accessed_recent", "num_resources", "num_tags",
         # TDPF data rate (datarate/); data_rate_rating is a string
         "data_rate_score", "data_rate_stars",
         # the file dimension (datarate/files.py)
         "file_level", "file_score"}

# Solr's multiValued fields: returned as lists by ``fl``.
_MULTI = {"tags", "groups", "res_name", "res_description", "res_format",
          "res_url", "res_type", "text", "urls", "permission_labels",
          "depends_on", "dependency_of", "derives_from", "has_derivation",
          "links_to", "linked_from", "child_of", "parent_of"}
_MULTI_PREFIXES = ("res_extras_", "vocab_")

# Ranking tiers: title > tags > description > everything else.
TIERS = {
    "title": "A", "name": "A",
    "tags": "B", "groups": "B",
    "notes": "C",
}
# The default search field ``text`` is fed by these (schema.xml copyFields).
_COPIED_TO_TEXT = {
    "url", "ckan_url", "download_url", "res_url", "name", "title", "text",
    "license", "notes", "tags", "groups", "organization", "res_name",
    "res_description", "maintainer", "author",
}
_COPIED_PREFIXES = ("extras_", "res_extras_", "vocab_")

# Substring-matching fields used by package_autocomplete.
NGRAM_FIELDS = {"title_ngram": "title", "name_ngram": "name"}

# Never part of the searchable/filterable terms.
STORED_ONLY = {"data_dict", "validated_data_dict"}


def field_type(name: str) -> FieldType:
    if name in _TEXT or name.startswith(_TEXT_PREFIXES):
        return FieldType.TEXT
    if name in _DATES or name.endswith("_date"):
        return FieldType.DATE
    if name in _INTS:
        return FieldType.INT
    return FieldType.STRING


def is_multi(name: str) -> bool:
    return name in _MULTI or name.startswith(_MULTI_PREFIXES)


def copied_to_text(name: str) -> bool:
    return name in _COPIED_TO_TEXT or name.startswith(_COPIED_PREFIXES)
