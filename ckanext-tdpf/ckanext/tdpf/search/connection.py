"""A pysolr-compatible client whose "Solr" is a PostgreSQL table.

CKAN's search layer (``ckan.lib.search``) builds the index document (with
every plugin's ``before_dataset_index``), the query parameters, permission
label filters and the response shape, then talks to Solr through a
``pysolr.Solr`` connection. This class answers that same conversation
(``add``, ``delete``, ``commit``, ``search``) from ``tdpf_search_index``,
so CKAN's own code, templates and extensions run unchanged.

Writes go through CKAN's SQLAlchemy session: the index row is part of the
dataset's transaction, committed or rolled back with it.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Iterable

import pysolr
import sqlalchemy as sa

from ckan import model
from ckan.lib.search.common import SearchError

from .compiler import Compiled, QuerySyntaxError, compile_query
from .document import build_row, facetable
from .fields import FieldType, field_type, is_multi

log = logging.getLogger(__name__)

TABLE = "tdpf_search_index"
TERM_TABLE = "tdpf_search_term"
_TSVECTORS = ("search_all", "search_fields", "search_pos", "rank_a", "rank_b", "rank_c")
_COLUMNS = ("id", "name", "site_id", "state", "capacity", "metadata_modified",
            "metadata_created", "title_string", "permission_labels",
            "facet_terms", "terms", "stored") + _TSVECTORS + (
            "data_dict", "validated_data_dict")
_CASTS = {"terms": "::jsonb", "stored": "::jsonb", "facet_terms": "::bigint[]",
          **{c: "::tsvector" for c in _TSVECTORS}}
_UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}, indexed_at) VALUES ("
    + ", ".join(f"%s{_CASTS.get(c, '')}" for c in _COLUMNS)
    + ", now()) ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS[1:])
    + ", indexed_at = now()")
# A match in the title outranks one in the tags, which outranks one in the
# description, which outranks one anywhere else (weights 4 > 2 + 1).
_SORT_ITEM = re.compile(r"^\s*([\w.\-]+)\s+(asc|desc)\s*$", re.IGNORECASE)
_SORT_COLUMNS = {"metadata_modified": "i.metadata_modified",
                 "metadata_created": "i.metadata_created",
                 "title_string": "i.title_string",
                 "name": 'i.name COLLATE "C"', "id": "i.id"}
_HIDDEN_FIELDS = {"permission_labels"}


class SearchSyntaxError(SearchError):
    """A malformed q/fq: CKAN's API answers 409 with this message."""


class Results:
    """The parts of ``pysolr.Results`` CKAN reads."""

    def __init__(self, docs: list[dict[str, Any]], hits: int,
                 facets: dict[str, Any]):
        self.docs = docs
        self.hits = hits
        self.facets = facets
        self.highlighting: dict[str, Any] = {}
        self.raw_response = {"response": {"numFound": hits, "docs": docs}}

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self):
        return iter(self.docs)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _exec(sql: str, params: Iterable[Any] = ()):
    return model.Session.connection().exec_driver_sql(sql, tuple(params))


class PostgresSolrConnection:
    """Drop-in for ``pysolr.Solr`` (the subset CKAN and extensions use)."""

    def __init__(self, url: str | None = None, decoder: Any = None,
                 timeout: Any = None, **_: Any) -> None:
        self.url = "postgresql:tdpf_search_index"

    # -- writes ---------------------------------------------------------------
    def add(self, docs: list[dict[str, Any]], commit: bool = True, **_: Any) -> None:
        for doc in docs:
            row = build_row(doc)
            new_terms = row.pop("_terms")
            if new_terms:
                values = ", ".join(["(%s, %s, %s)"] * len(new_terms))
                _exec(f"INSERT INTO {TERM_TABLE} (hash, field, value) VALUES {values} "
                      "ON CONFLICT (hash) DO NOTHING",
                      [x for term in new_terms for x in term])
            _exec(_UPSERT, [row[c] for c in _COLUMNS])
        # No commit here: the dataset's own transaction commits the row.

    def delete(self, id: Any = None, q: str | None = None,
               commit: bool = True, **_: Any) -> None:
        if id is not None:
            _exec(f"DELETE FROM {TABLE} WHERE id = ANY(%s)",
                  ([str(x) for x in _as_list(id)],))
            return
        where = _compile(q or "")
        _exec(f"DELETE FROM {TABLE} i WHERE {where.sql}", where.params)

    def commit(self, **_: Any) -> None:
        # CKAN calls this after bulk work outside a request (rebuild, clear):
        # make it durable like Solr's commit would.
        model.Session.commit()

    def optimize(self, **_: Any) -> None:
        _exec(f"ANALYZE {TABLE}")

    # -- reads ------------------------------------------------------------------
    def search(self, q: str | None = None, search_handler: Any = None,
               **params: Any) -> Results:
        default_op = str(params.get("q.op") or "AND")
        main = _compile(q or "*:*", default_op, params.get("df") or "text")
        filters = [_compile(f, "AND") for f in _filter_list(params.get("fq"))]
        where_sql = " AND ".join([main.sql] + [f.sql for f in filters])
        where_params = main.params + [p for f in filters for p in f.params]

        hits = _exec(f"SELECT count(*) FROM {TABLE} i WHERE {where_sql}",
                     where_params).scalar()
        rows = int(params.get("rows", 10) or 0)
        start = int(params.get("start", 0) or 0)
        docs = []
        if rows > 0 and hits > start:
            docs = self._page(main, where_sql, where_params, params, rows, start)
        facets = {"facet_fields": {}}
        if str(params.get("facet", "true")).lower() == "true":
            facets["facet_fields"] = self._facets(where_sql, where_params, params)
        return Results(docs, hits, facets)

    def _page(self, main: Compiled, where_sql: str, where_params: list[Any],
              params: dict[str, Any], rows: int, start: int) -> list[dict[str, Any]]:
        score_sql, score_params = _score(main)
        order_sql, order_params = _order_by(params.get("sort"), score_sql, score_params)
        fl = _field_list(params.get("fl"))
        result = _exec(
            f"""SELECT p.score, i.id, i.stored, {_big_columns(fl)}
                FROM (SELECT i.id, {score_sql} AS score,
                             row_number() OVER (ORDER BY {order_sql}) AS ord
                      FROM {TABLE} i WHERE {where_sql}
                      ORDER BY {order_sql} LIMIT %s OFFSET %s) p
                JOIN {TABLE} i ON i.id = p.id ORDER BY p.ord""",
            score_params + order_params + where_params + order_params + [rows, start])
        return [_project(r, fl) for r in result]

    def _facets(self, where_sql: str, where_params: list[Any],
                params: dict[str, Any]) -> dict[str, list[Any]]:
        fields = list(dict.fromkeys(f for f in _as_list(params.get("facet.field")) if f))
        if not fields:
            return {}
        limit = int(params.get("facet.limit", 50) or 50)
        mincount = max(1, int(params.get("facet.mincount", 1) or 1))
        counts: dict[str, list[tuple[str, int]]] = {f: [] for f in fields}
        hashed = [f for f in fields if facetable(f, "")]
        if hashed:
            rows = _exec(
                f"""SELECT t.field, t.value, c.n
                    FROM (SELECT h, count(*) AS n
                          FROM {TABLE} i, unnest(i.facet_terms) AS h
                          WHERE {where_sql} GROUP BY h) c
                    JOIN {TERM_TABLE} t ON t.hash = c.h
                    WHERE t.field = ANY(%s) AND c.n >= %s""",
                where_params + [hashed, mincount])
            for field_name, value, n in rows:
                counts[field_name].append((value, n))
        other = [f for f in fields if f not in hashed]
        if other:
            rows = _exec(
                f"""SELECT f.field, v.value, count(*) AS n
                    FROM {TABLE} i CROSS JOIN unnest(%s::text[]) AS f(field)
                    CROSS JOIN LATERAL jsonb_array_elements_text(i.terms -> f.field) AS v(value)
                    WHERE {where_sql} GROUP BY f.field, v.value HAVING count(*) >= %s""",
                [other] + where_params + [mincount])
            for field_name, value, n in rows:
                counts[field_name].append((value, n))
        out = {}
        for field_name, pairs in counts.items():
            # Solr's order: count descending, then the value's byte order.
            pairs.sort(key=lambda p: (-p[1], p[0].encode()))
            if limit >= 0:
                pairs = pairs[:limit]
            out[field_name] = [x for pair in pairs for x in pair]
        return out


def _filter_list(fq: Any) -> list[str]:
    return [f for f in _as_list(fq) if f and str(f).strip()]


def _compile(query: str, default_op: str = "AND", df: str = "text") -> Compiled:
    try:
        return compile_query(query, default_op, df)
    except QuerySyntaxError as e:
        raise SearchSyntaxError(str(e)) from None


def _score(main: Compiled) -> tuple[str, list[Any]]:
    if not main.rank_queries:
        return "0", []
    parts, params = [], []
    for q in main.rank_queries:
        parts.append("((i.rank_a @@ %s::tsquery)::int * 4 + (i.rank_b @@ %s::tsquery)::int * 2"
                     " + (i.rank_c @@ %s::tsquery)::int)")
        params += [q, q, q]
    return "(" + " + ".join(parts) + ")", params


def _order_by(sort: str | None, score_sql: str,
              score_params: list[Any]) -> tuple[str, list[Any]]:
    items, params = [], []
    for part in (sort or "score desc, metadata_modified desc").split(","):
        if not part.strip():
            continue
        m = _SORT_ITEM.match(part)
        if not m:
            # Same message as Solr, so CKAN answers 'Invalid "sort" parameter'.
            raise pysolr.SolrError(f"Can't determine a Sort Order (asc or desc) in sort spec '{part.strip()}'")
        name, direction = m.group(1), m.group(2).upper()
        if name == "score":
            if not score_params:
                continue  # nothing ranked (e.g. *:*): every score is equal
            items.append(f"{score_sql} {direction}")
            params += score_params
        elif name in _SORT_COLUMNS:
            items.append(f"{_SORT_COLUMNS[name]} {direction} NULLS LAST")
        else:
            expr = "(i.terms -> %s ->> 0)"
            if field_type(name) is FieldType.INT:
                expr = f"(CASE WHEN {expr} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN {expr}::numeric END)"
                params += [name, name, name]
            else:
                expr += ' COLLATE "C"'
                params.append(name)
            items.append(f"{expr} {direction} NULLS LAST")
    items.append("i.id")  # stable paging
    return ", ".join(items), params


def _field_list(fl: Any) -> list[str]:
    if not fl:
        return ["*"]
    if isinstance(fl, (list, tuple)):
        fl = " ".join(fl)
    return [f for f in re.split(r"[\s,]+", str(fl)) if f]


def _big_columns(fl: list[str]) -> str:
    wanted = "*" in fl
    cols = []
    for col in ("data_dict", "validated_data_dict"):
        cols.append(f"i.{col}" if wanted or col in fl else "NULL")
    return ", ".join(cols)


def _project(row: Any, fl: list[str]) -> dict[str, Any]:
    score, id_, stored, data_dict, validated = row
    if "*" in fl:
        doc = {k: v for k, v in stored.items() if k not in _HIDDEN_FIELDS}
        doc.update(data_dict=data_dict, validated_data_dict=validated)
    else:
        doc = {}
        for name in fl:
            if name == "data_dict":
                doc[name] = data_dict
            elif name == "validated_data_dict":
                doc[name] = validated
            elif name == "score":
                doc[name] = float(score)
            elif name in stored and name not in _HIDDEN_FIELDS:
                value = stored[name]
                doc[name] = _as_list(value) if is_multi(name) else value
    doc.setdefault("id", id_) if "id" in fl or "*" in fl else None
    if "score" in fl:
        doc["score"] = float(score)
    return doc


def count_rows() -> int:
    return _exec(f"SELECT count(*) FROM {TABLE}").scalar()


def table_exists() -> bool:
    insp = sa.inspect(model.Session.connection())
    return insp.has_table(TABLE)
