"""One SQL statement per search: the match set is computed once and gives
the count, the requested page and the facet counts together.

Planner settings are set for that statement only. The costs PostgreSQL
assumes for ``tsvector @@`` ignore that each row's vector must first be
fetched from TOAST, so for broad words it would scan the whole table; with
an indexable condition present, the GIN bitmap is always the better path.
JIT compilation and parallel workers cost more to start than these
millisecond queries take.
"""
from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pysolr
from sqlalchemy import exc as sa_exc

from ckan import model

from . import facetcache, ranking
from .compiler import TABLE, TERM_TABLE, Compiled, RankTerm
from .document import facetable
from .fields import FieldType, field_type

log = logging.getLogger(__name__)


_SORT_ITEM = re.compile(r"^\s*([\w.\-]+)\s+(asc|desc)\s*$", re.IGNORECASE)
_SORT_COLUMNS = {"metadata_modified": "i.metadata_modified",
                 "metadata_created": "i.metadata_created",
                 "title_string": "i.title_string",
                 "name": "i.name", "id": "i.id"}
# an indexable condition on the searched rows themselves (alias i)
_INDEXED = re.compile(r"i\.\w+ @@|i\.facet_terms @>")


def execute(sql: str, params: Mapping[str, Any] | list[Any] | tuple = ()):
    """``params``: a mapping for ``%(name)s`` placeholders, or a sequence for ``%s``."""
    if not isinstance(params, Mapping):
        params = tuple(params)
    return model.Session.connection().exec_driver_sql(sql, params)


@contextlib.contextmanager
def planner_settings(indexed: bool) -> Iterator[None]:
    settings = {"jit": "off", "work_mem": "64MB",
                # joining the ranked ids to the match set row by row, on a
                # bad row estimate, cost seconds; a hash join never does
                "enable_nestloop": "off",
                # starting workers costs more than these queries take
                "max_parallel_workers_per_gather": "0"}
    if indexed:
        settings["enable_seqscan"] = "off"
    names = list(settings)
    # the old values read (materialised) before the new ones are set: one round trip
    old = execute("WITH o AS MATERIALIZED (SELECT "
                  + ", ".join(f"current_setting('{n}') AS o{k}" for k, n in enumerate(names))
                  + ") SELECT o.*, "
                  + ", ".join(f"set_config('{n}', %s, true)" for n in names) + " FROM o",
                  [settings[n] for n in names]).one()[:len(names)]
    restore = "SELECT " + ", ".join(f"set_config('{n}', %s, true)" for n in names)
    # Restored only on success: a failed statement aborts the transaction,
    # whose rollback undoes these transaction-local settings anyway (and a
    # restore would hide the real error behind "transaction is aborted").
    yield
    execute(restore, list(old))


@dataclass
class Request:
    where_sql: str
    where_params: dict[str, Any]  # named (the condition is repeated in the query)
    rank_terms: list[RankTerm]
    sort: str | None
    rows: int
    start: int
    facet_fields: list[str] = field(default_factory=list)
    facet_mincount: int = 1
    by_count: bool = False  # any of the words (mm=1): rank by how many match


@dataclass
class Outcome:
    hits: int = 0
    page: list[tuple[str, float]] = field(default_factory=list)  # (id, score) in order
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def score_sql(terms: list[RankTerm], by_count: bool = False) -> tuple[str, dict[str, Any]]:
    """An expression over ``i`` giving a dataset's score (for the orders
    ranking.py does not rank): per query word and tier, membership in that
    tier's matches, each looked up in the GIN index on field-prefixed
    lexemes and hashed once per search."""
    parts, params = [], {}
    for tier in ranking.tiers(terms, by_count):
        name = f"rank{len(params)}"
        params[name] = tier.tsquery
        parts.append(f"(CASE WHEN i.rev IN (SELECT x.rev FROM {TABLE} x "
                     f"WHERE x.{tier.column} @@ %({name})s::tsquery) "
                     f"THEN {tier.weight} ELSE 0 END)")
    return " + ".join(parts), params


def sort_items(sort: str | None) -> list[tuple[str, str]]:
    """(field, ASC|DESC) per item of a Solr sort parameter."""
    items = []
    for part in (sort or "score desc, metadata_modified desc").split(","):
        if not part.strip():
            continue
        m = _SORT_ITEM.match(part)
        if not m:
            # Solr's wording, so CKAN answers 'Invalid "sort" parameter' (400).
            raise pysolr.SolrError(
                f"Can't determine a Sort Order (asc or desc) in sort spec '{part.strip()}'")
        items.append((m.group(1), m.group(2).upper()))
    return items


def sort_keys(sort: str | None, has_score: bool) -> list[tuple[str, str, dict[str, Any]]]:
    """(expression over ``i``, ASC|DESC, params) per sort item; ``score``
    becomes the expression ``score``."""
    keys = []
    for name, direction in sort_items(sort):
        key = f"sort{len(keys)}"
        if name == "score":
            if has_score:
                keys.append(("score", direction, {}))
        elif name in _SORT_COLUMNS:
            keys.append((_SORT_COLUMNS[name], direction, {}))
        elif field_type(name) is FieldType.INT:
            keys.append((f"(SELECT v::numeric FROM jsonb_array_elements_text("
                         f"i.terms -> %({key})s) v "
                         "WHERE v ~ '^-?[0-9]+(\\.[0-9]+)?$' LIMIT 1)", direction, {key: name}))
        else:
            keys.append((f'(i.terms -> %({key})s ->> 0) COLLATE "C"', direction, {key: name}))
    return keys


def run(req: Request) -> Outcome:
    hashed = [f for f in req.facet_fields if facetable(f, "")]
    items = sort_items(req.sort)
    names = [name for name, _ in items]
    # Ranking in the process needs the facet cache's copy of every row: a
    # process that never counts facets (a harvest import, a script) does
    # not load it for that and ranks in SQL.
    if (len(hashed) == len(req.facet_fields) and set(names) <= ranking.ORDERS
            and len(set(names)) == len(names) and (hashed or facetcache.CACHE.loaded)):
        return _run_ranked(req, items, hashed)
    return _run_sql(req, hashed)


def _run_ranked(req: Request, items: list[tuple[str, str]], hashed: list[str]) -> Outcome:
    """The statement returns the matches' revisions; scores, page and
    facets come from the process's caches (ranking.py, facetcache.py)."""
    tiers = ranking.tiers(req.rank_terms, req.by_count)
    new = ranking.CACHE.missing(tiers)
    params: dict[str, Any] = dict(req.where_params)
    parts = [f"""SELECT 'r', {facetcache.EPOCH_SQL}, NULL::bigint,
        string_agg(int8send(i.rev), ''::bytea) FROM {TABLE} i WHERE {req.where_sql}"""]
    for n, tier in enumerate(new):
        # computed in the same snapshot as the matches: exact for all of them
        parts.append(ranking.tier_set_sql(tier, f"tier{n}"))
        params[f"tier{n}"] = tier.tsquery
    matched, computed = np.empty(0, np.int64), {}
    with planner_settings(bool(_INDEXED.search(req.where_sql))):
        for kind, a, b, _, blob in execute(" UNION ALL ".join(f"({p})" for p in parts), params):
            if kind == "r":
                epoch, matched = (a, b), ranking.revisions(blob)
            else:
                computed[a] = ranking.revisions(blob)
    for n, tier in enumerate(new):
        ranking.CACHE.store(epoch, tier, computed[f"tier{n}"], matched)
    out = Outcome(hits=len(matched), facets={f: [] for f in req.facet_fields})
    wants_page = req.rows > 0
    if not len(matched) or not (hashed or wants_page):
        return out
    facts = facetcache.CACHE.read(epoch, matched, hashed, req.facet_mincount,
                                  execute, TABLE, sort_keys=wants_page)
    out.facets.update(facts.facets)
    if wants_page:
        if facts.modified is None or facts.ids is None:
            raise RuntimeError("the facet cache was read without the sort keys")
        score = (ranking.CACHE.scores(epoch, tiers, matched, execute) if tiers
                 else np.zeros(len(matched)))
        keys = [(n, d) for n, d in items if n != "score" or tiers]
        chosen = ranking.page_order(keys, score, facts.modified, facts.ids,
                                    req.start, req.rows)
        # an element of the S-typed ids array is bytes (numpy's stubs say ndarray)
        out.page = [(cast(bytes, facts.ids[k]).decode(), float(score[k]))
                    for k in chosen.tolist()]
    return out


def _matched_columns(req: Request, hashed: list[str], other: list[str]
                     ) -> tuple[list[str], dict[str, Any], list[str]]:
    """The matched rows' columns (id, score, sort keys, what the facets
    read), their parameters, and the page's ordering."""
    score, score_params = score_sql(req.rank_terms, req.by_count)
    select = ["i.id", f"{score or 0} AS score"]
    params: dict[str, Any] = {**score_params, **req.where_params}
    order = []
    for n, (expr, direction, key_params) in enumerate(sort_keys(req.sort, bool(score))):
        if expr == "score":
            order.append(f"score {direction}")
        else:
            select.append(f"{expr} AS s{n}")
            params.update(key_params)
            order.append(f"s{n} {direction} NULLS LAST")
    order.append("id")  # collated "C": the order ranking.page_order gives
    if hashed:
        select.append("i.rev")
    if other:
        select.append("i.terms")
    return select, params, order


def _run_sql(req: Request, hashed: list[str]) -> Outcome:
    """Everything in one statement: count, the page in any order, facets
    of fields facetcache does not hold."""
    other = [f for f in req.facet_fields if f not in hashed]
    select, params, order = _matched_columns(req, hashed, other)

    parts = ["SELECT 'n', NULL, NULL, count(*), NULL::bytea FROM m"]
    if req.rows > 0:
        ordering = ", ".join(order)
        # numbered after the LIMIT: a top-N sort instead of sorting all of m
        parts.append(f"""SELECT 'p', id, score::text,
            row_number() OVER (ORDER BY {ordering}), NULL FROM (
            SELECT * FROM m ORDER BY {ordering} LIMIT %(rows)s OFFSET %(start)s) p""")
        params.update(rows=req.rows, start=req.start)
    if hashed:
        # the matching rows' revisions; facetcache counts their terms
        parts.append(f"""SELECT 'r', {facetcache.EPOCH_SQL}, NULL,
            string_agg(int8send(m.rev), ''::bytea) FROM m""")
    if other:
        parts.append("""SELECT 'f', f.field, v.value, count(*), NULL FROM m
            CROSS JOIN unnest(%(other)s::text[]) AS f(field)
            CROSS JOIN LATERAL jsonb_array_elements_text(m.terms -> f.field) AS v(value)
            GROUP BY f.field, v.value HAVING count(*) >= %(mincount)s""")
        params.update(other=other, mincount=req.facet_mincount)

    sql = (f"WITH m AS MATERIALIZED (SELECT {', '.join(select)} FROM {TABLE} i "
           f"WHERE {req.where_sql}) " + " UNION ALL ".join(f"({p})" for p in parts))
    out = Outcome(facets={f: [] for f in req.facet_fields})
    page, matched = [], None
    with planner_settings(bool(_INDEXED.search(req.where_sql))):
        for kind, a, b, n, blob in execute(sql, params):
            if kind == "n":
                out.hits = n
            elif kind == "p":
                page.append((n, a, float(b)))
            elif kind == "r":
                matched = ((a, b), np.frombuffer(bytes(blob or b""), ">i8").astype(np.int64))
            else:
                out.facets[a].append((b, n))
    if matched:
        # outside planner_settings: loading the cache wants a plain scan
        out.facets.update(facetcache.CACHE.read(
            *matched, hashed, req.facet_mincount, execute, TABLE).facets)
    out.page = [(id_, score) for _, id_, score in sorted(page)]
    return out


# -- writes --------------------------------------------------------------------
_TSVECTORS = ("search_all", "search_fields", "search_pos")
COLUMNS = ("id", "name", "site_id", "state", "capacity", "metadata_modified",
           "metadata_created", "title_string", "permission_labels",
           "facet_terms", "terms", "stored") + _TSVECTORS + (
           "data_dict", "validated_data_dict")
CASTS = {"terms": "::jsonb", "stored": "::jsonb", "facet_terms": "::bigint[]",
         **dict.fromkeys(_TSVECTORS, "::tsvector")}
_ROW_VALUES = "(" + ", ".join(f"%s{CASTS.get(c, '')}" for c in COLUMNS) + ", now())"
_ON_CONFLICT = (" ON CONFLICT (id) DO UPDATE SET "
                + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:])
                + ", indexed_at = now()")


def upsert_rows(rows: list[dict[str, Any]], terms: dict[int, tuple[str, str]]) -> None:
    """Write index rows (from document.build_row; distinct ids) and the
    names of their facet terms {hash: (field, value)}, one statement each,
    in the caller's transaction."""
    if terms:
        values = ", ".join(["(%s, %s, %s)"] * len(terms))
        execute(f"INSERT INTO {TERM_TABLE} (hash, field, value) VALUES {values} "
                "ON CONFLICT (hash) DO NOTHING",
                [x for h in sorted(terms) for x in (h, *terms[h])])
    if rows:
        execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}, indexed_at) VALUES "
                + ", ".join([_ROW_VALUES] * len(rows)) + _ON_CONFLICT,
                [r[c] for r in rows for c in COLUMNS])


def upsert(row: dict[str, Any], terms: list[tuple[int, str, str]]) -> None:
    """One row and its facet terms (as build_row lists them)."""
    upsert_rows([row], {h: (f, v) for h, f, v in terms})


def delete_ids(ids: list[str]) -> None:
    execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [ids])


def delete_where(compiled: Compiled) -> None:
    execute(f"DELETE FROM {TABLE} i WHERE {compiled.sql}", compiled.params)


def analyze() -> None:
    execute(f"ANALYZE {TABLE}")


def merge_gin_pending() -> int:
    """Merge the search table's GIN pending lists; the pages they held."""
    return int(execute(f"""SELECT coalesce(sum(gin_clean_pending_list(x.indexrelid)), 0)
        FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am a ON a.oid = c.relam
        WHERE x.indrelid = '{TABLE}'::regclass AND a.amname = 'gin'""").scalar() or 0)


def tidy() -> None:
    """After bulk writes: move the GIN indexes' pending entries into the
    indexes proper. Until autovacuum does, every lookup also scans those
    lists sequentially (up to ``gin_pending_list_limit`` each, for every
    lookup of every search)."""
    try:
        with model.Session.begin_nested():
            merge_gin_pending()
            analyze()
    except sa_exc.DBAPIError as e:  # not the table's owner: autovacuum will do it
        log.warning("search index not tidied: %s", e.orig)
