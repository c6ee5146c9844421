"""Replaces the DataStore's full-text where clauses of ``datastore_search``
(``q`` as text or per column, ``full_text``) when the words searched for
hold Japanese (or other CJK) characters; used by the preview plugin's
``IDatastore.datastore_search``.

PostgreSQL's text-search parser, whatever ``ckan.datastore.default_fts_lang``
(``simple``, ``english``; PostgreSQL ships no Japanese configuration),
takes a run of kanji and kana as ONE word: 中央図書館 is the single lexeme
'中央図書館', so 中央 finds it as a prefix (``中央:*``) but 図書 or 図書館 never
do, and Japanese has no spaces to split words. ``plain``, prefix search,
``full_text`` and the index method (``default_fts_index_method``) all
search those lexemes. So such a search is a substring search instead: each
word (split at spaces and tsquery operators) must occur in the row's text
(or the column's, for ``q`` per column), compared in NFKC (full- and
half-width alike) without case. Searches of ASCII words keep CKAN's
full-text search and its ranking.

Relies on the clauses' shape (``... @@ "query"``, ``"query <column>"``)
and the ``rank`` aliases the DataStore adds to ``fields_types``."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

REPLACES = "the DataStore's full-text where clauses for Japanese search text"
WRITTEN_FOR = {"ckan": "2.12.0"}
KEEP_ON_OTHER_VERSIONS = False
IF_OTHER_VERSION = ("Japanese words in datastore_search's q are searched as CKAN does "
                    "(whole runs of kanji and kana only).")

_CJK = re.compile("[\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\uff66-\uff9f]")
# spaces, the datatables view's separator "_" and tsquery's operators
_SEPARATORS = re.compile(r"[\s_&|!()<>:*'\"\\]+")
_MAX_WORDS = 10


def has_cjk(text: Any) -> bool:
    return isinstance(text, str) and _CJK.search(text) is not None


def words(text: str) -> list[str]:
    """The words of a search text, NFKC-normalised (at most ten)."""
    return [w for w in _SEPARATORS.split(unicodedata.normalize("NFKC", text)) if w][:_MAX_WORDS]


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _alias(field: str | None = None) -> str:
    from ckanext.datastore.backend.postgres import identifier
    return identifier("query" + (f" {field}" if field else ""))


def _substring_clauses(expression: str, found: list[str], prefix: str) -> list[tuple]:
    return [(f"normalize({expression}, NFKC) ILIKE :{prefix}_{i}", {f"{prefix}_{i}": _like(w)})
            for i, w in enumerate(found)]


def _replace(query_dict: dict[str, Any], alias: str, clauses: list[tuple]) -> None:
    """The clauses matching ``@@ alias`` give way to ``clauses``."""
    kept = [c for c in query_dict.get("where", []) if not str(c[0]).endswith(f"@@ {alias}")]
    query_dict["where"] = kept + clauses


def rewrite(data_dict: dict[str, Any], fields_types: dict[str, str],
            query_dict: dict[str, Any]) -> dict[str, Any]:
    """``query_dict`` with a substring search for Japanese search words."""
    from ckanext.datastore.backend.postgres import identifier

    q, full_text = data_dict.get("q"), data_dict.get("full_text")
    rank_aliases = {"rank"} | {f"rank {f}" for f in (q if isinstance(q, dict) else {})}
    columns = [f for f in fields_types if not f.startswith("_") and f not in rank_aliases]
    whole = [t for t in (q if isinstance(q, str) else None, full_text) if isinstance(t, str)]
    if columns and any(has_cjk(t) for t in whole):
        row = "concat_ws(' ', {})".format(
            ", ".join(f"cast({identifier(c)} as text)" for c in columns))
        found = [w for t in whole for w in words(t)]
        _replace(query_dict, _alias(), _substring_clauses(row, found, "tdpf_row"))
    if isinstance(q, dict):
        for n, (field, value) in enumerate(q.items()):
            if field in fields_types and has_cjk(value):
                expression = f"cast({identifier(field)} as text)"
                _replace(query_dict, _alias(field),
                         _substring_clauses(expression, words(value), f"tdpf_col{n}"))
    return query_dict
