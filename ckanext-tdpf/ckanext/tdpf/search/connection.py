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
from .document import build_row
from .fields import FieldType, field_type, is_multi

log = logging.getLogger(__name__)

TABLE = "tdpf_search_index"
# ts_rank weights for {D, C, B, A}: each class is worth more than any number
# of repeats in the class below (repeats add at most x1.65 in ts_rank).
RANK_WEIGHTS = "{0.04,0.1,0.3,1.0}"
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
            _exec(
                f"""INSERT INTO {TABLE} (id, name, site_id, state,
                    metadata_modified, metadata_created, title_string,
                    permission_labels, terms, stored, tsv, data_dict,
                    validated_data_dict, indexed_at)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb,
                        %s::tsvector, %s, %s, now())
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,
                    site_id = EXCLUDED.site_id, state = EXCLUDED.state,
                    metadata_modified = EXCLUDED.metadata_modified,
                    metadata_created = EXCLUDED.metadata_created,
                    title_string = EXCLUDED.title_string,
                    permission_labels = EXCLUDED.permission_labels,
                    terms = EXCLUDED.terms, stored = EXCLUDED.stored,
                    tsv = EXCLUDED.tsv, data_dict = EXCLUDED.data_dict,
                    validated_data_dict = EXCLUDED.validated_data_dict,
                    indexed_at = now()""",
                (row["id"], row["name"], row["site_id"], row["state"],
                 row["metadata_modified"], row["metadata_created"],
                 row["title_string"], row["permission_labels"],
                 json.dumps(row["terms"], ensure_ascii=False),
                 json.dumps(row["stored"], ensure_ascii=False, default=str),
                 row["tsv"], row["data_dict"], row["validated_data_dict"]))
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
        fields = [f for f in _as_list(params.get("facet.field")) if f]
        if not fields:
            return {}
        limit = int(params.get("facet.limit", 50) or 50)
        mincount = max(1, int(params.get("facet.mincount", 1) or 1))
        result = _exec(
            f"""SELECT field, value, n FROM (
                  SELECT f.field, v.value, count(*) AS n,
                         row_number() OVER (PARTITION BY f.field
                           ORDER BY count(*) DESC, v.value COLLATE "C") AS rank
                  FROM {TABLE} i
                  CROSS JOIN unnest(%s::text[]) AS f(field)
                  CROSS JOIN LATERAL jsonb_array_elements_text(i.terms -> f.field) AS v(value)
                  WHERE {where_sql}
                  GROUP BY f.field, v.value) s
                WHERE n >= %s AND (%s < 0 OR rank <= %s)
                ORDER BY field, rank""",
            [fields] + where_params + [mincount, limit, limit])
        out: dict[str, list[Any]] = {f: [] for f in fields}
        for field_name, value, count in result:
            out[field_name] += [value, count]
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
        return "0.0", []
    parts = [f"ts_rank(%s::float4[], i.tsv, %s::tsquery)" for _ in main.rank_queries]
    params: list[Any] = []
    for q in main.rank_queries:
        params += [RANK_WEIGHTS, q]
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
