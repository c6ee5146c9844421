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

import re
from typing import Any

from ckan import model
from ckan.lib.search.common import SearchError

from . import batch, statement, stats
from .compiler import Compiled, QuerySyntaxError, compile_query
from .document import as_list, build_row
from .fields import is_multi
from .statement import TABLE

_HIDDEN_FIELDS = {"permission_labels"}
# what CKAN's PackageSearchQuery.get_index asks (with rows=1)
_BY_REFERENCE = re.compile(r'^name:"([^"\\]*)" OR id:"\1"$')


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


class PostgresSolrConnection:
    """Drop-in for ``pysolr.Solr`` (the subset CKAN and extensions use)."""

    def __init__(self, url: str | None = None, decoder: Any = None,
                 timeout: Any = None, **_: Any) -> None:
        self.url = "postgresql:tdpf_search_index"

    # -- writes ---------------------------------------------------------------
    def add(self, docs: list[dict[str, Any]], commit: bool = True, **_: Any) -> None:
        for doc in docs:
            row = build_row(doc)
            terms = row.pop("_terms")
            if not batch.offer(row, terms):  # a bulk rebuild writes per chunk
                statement.upsert(row, terms)
        # No commit here: the dataset's own transaction commits the row.

    def delete(self, id: Any = None, q: str | None = None,
               commit: bool = True, **_: Any) -> None:
        batch.flush()  # rows a bulk rebuild holds must not overtake the delete
        if id is not None:
            statement.delete_ids([str(x) for x in as_list(id)])
            return
        statement.delete_where(_compile(q or ""))

    def commit(self, **_: Any) -> None:
        # CKAN calls this after bulk work outside a request (rebuild, clear):
        # make it durable like Solr's commit would, and ready for searches.
        model.Session.commit()
        statement.tidy()
        model.Session.commit()

    def optimize(self, **_: Any) -> None:
        statement.analyze()

    # -- reads ------------------------------------------------------------------
    def search(self, q: str | None = None, search_handler: Any = None,
               **params: Any) -> Results:
        filters = [_compile(f, "AND", prefix=f"f{n}_")
                   for n, f in enumerate(_filter_list(params.get("fq")))]
        reference = _BY_REFERENCE.match(q or "")
        if reference and int(params.get("rows", 10) or 0) == 1:
            return _by_reference(reference.group(1), filters, _field_list(params.get("fl")))
        # Solr's mm=1 (one of the words is enough): any of the words, ranked
        # by how many each dataset holds
        any_words = str(params.get("mm") or "").strip() == "1"
        main = _compile(q or "*:*", "OR" if any_words else str(params.get("q.op") or "AND"),
                        params.get("df") or "text")
        facet_on = str(params.get("facet", "true")).lower() == "true"
        where_sql, where_params = _conjunction([main, *filters])
        req = statement.Request(
            where_sql=where_sql,
            where_params=where_params,
            rank_terms=main.rank_terms,
            sort=params.get("sort"),
            rows=max(0, int(params.get("rows", 10) or 0)),
            start=max(0, int(params.get("start", 0) or 0)),
            facet_fields=list(dict.fromkeys(
                f for f in as_list(params.get("facet.field")) if f)) if facet_on else [],
            facet_mincount=max(1, int(params.get("facet.mincount", 1) or 1)),
            by_count=any_words,
        )
        with stats.SEARCH_SECONDS.time():
            outcome = statement.run(req)
        stats.SEARCH_RESULTS.observe(outcome.hits)
        limit = int(params.get("facet.limit", 50) or 50)
        facets = {"facet_fields": {f: _solr_facet_list(pairs, limit)
                                   for f, pairs in outcome.facets.items()}}
        return Results(_documents(outcome.page, _field_list(params.get("fl"))),
                       outcome.hits, facets)


def _conjunction(parts: list[Compiled]) -> tuple[str, dict[str, Any]]:
    """The parts' conditions ANDed, and their parameters."""
    return (" AND ".join(c.sql for c in parts),
            {k: v for c in parts for k, v in c.params.items()})


def _by_reference(reference: str, filters: list[Compiled], fl: list[str]) -> Results:
    """CKAN's ``search.show`` (package_show, every activity): one dataset by
    id or name is one indexed lookup, not a ranked search with facets."""
    where, params = _conjunction(
        [Compiled("(i.id = %(ref)s OR i.name = %(ref)s)", {"ref": reference}), *filters])
    row = statement.execute(
        f"SELECT i.id, i.stored, {_big_columns(fl)} FROM {TABLE} i WHERE {where} "
        "ORDER BY i.id = %(ref)s DESC LIMIT 1", params).first()
    docs = [_project(1.0, *row[1:], id_=row[0], fl=fl)] if row else []
    return Results(docs, len(docs), {"facet_fields": {}})


def _solr_facet_list(pairs: list[tuple[str, int]], limit: int) -> list[Any]:
    """Solr's flat [value, count, ...], by count then the value's bytes."""
    pairs = sorted(pairs, key=lambda p: (-p[1], p[0].encode()))
    if limit >= 0:
        pairs = pairs[:limit]
    return [x for pair in pairs for x in pair]


def _documents(page: list[tuple[str, float]], fl: list[str]) -> list[dict[str, Any]]:
    if not page:
        return []
    rows = statement.execute(
        f"SELECT i.id, i.stored, {_big_columns(fl)} FROM {TABLE} i WHERE i.id = ANY(%s)",
        [[id_ for id_, _ in page]])
    by_id = {r[0]: r for r in rows}
    return [_project(score, *by_id[id_][1:], id_=id_, fl=fl)
            for id_, score in page if id_ in by_id]


def _filter_list(fq: Any) -> list[str]:
    return [f for f in as_list(fq) if f and str(f).strip()]


def _compile(query: str, default_op: str = "AND", df: str = "text",
             prefix: str = "q") -> Compiled:
    try:
        return compile_query(query, default_op, df, prefix)
    except QuerySyntaxError as e:
        raise SearchSyntaxError(str(e)) from None


def _field_list(fl: Any) -> list[str]:
    if not fl:
        return ["*"]
    if isinstance(fl, (list, tuple)):
        fl = " ".join(fl)
    return [f for f in re.split(r"[\s,]+", str(fl)) if f]


def _big_columns(fl: list[str]) -> str:
    wanted = "*" in fl
    return ", ".join(f"i.{col}" if wanted or col in fl else "NULL"
                     for col in ("data_dict", "validated_data_dict"))


def _project(score: float, stored: dict[str, Any], data_dict: str | None,
             validated: str | None, id_: str, fl: list[str]) -> dict[str, Any]:
    """The fields ``fl`` asks for, shaped as Solr returns them."""
    if "*" in fl:
        doc = {k: v for k, v in stored.items() if k not in _HIDDEN_FIELDS}
        doc.update(id=id_, data_dict=data_dict, validated_data_dict=validated)
        return doc
    doc = {}
    for name in fl:
        if name == "id":
            doc[name] = id_
        elif name == "data_dict":
            doc[name] = data_dict
        elif name == "validated_data_dict":
            doc[name] = validated
        elif name == "score":
            doc[name] = float(score)
        elif name in stored and name not in _HIDDEN_FIELDS:
            value = stored[name]
            doc[name] = as_list(value) if is_multi(name) else value
    return doc
