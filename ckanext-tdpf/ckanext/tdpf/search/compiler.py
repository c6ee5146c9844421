"""Compiles Solr/Lucene query syntax (parsed by luqum) into SQL over
``tdpf_search_index`` (alias ``i``).

Semantics follow Solr with CKAN's schema: analysed text fields match tokens
(see :mod:`.analysis`), string fields match whole values exactly, ``*_date``
and metadata dates take ranges with date math, unknown fields match nothing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from luqum import tree
from luqum.parser import parser as _lucene_parser

from . import datemath
from .analysis import FIELD_SEP, normalize, phrase_query, word_query
from .document import facetable, term_hash
from .fields import NGRAM_FIELDS, FieldType, field_type

TABLE = "tdpf_search_index"
TERM_TABLE = "tdpf_search_term"  # facet term names by hash
# Longer queries are refused rather than compiled into huge SQL.
MAX_QUERY_CHARS = 4000


class QuerySyntaxError(ValueError):
    """The query cannot be understood; the message says why."""


TRUE = "TRUE"
_UNESCAPE = re.compile(r"\\(.)")
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+)?(Z|[+-]\d{2}:?\d{2})?$"
_NUMBER = r"^-?\d+(\.\d+)?$"
# Columns kept outside the jsonb for speed.
_DATE_COLUMNS = {"metadata_modified", "metadata_created"}
_STRING_COLUMNS = {"state", "capacity", "site_id", "id", "name"}


def text_match(value: str, fields: list[str] | None, wildcard: bool = False,
               phrase: bool = False, exact: bool = False) -> tuple[str, str] | None:
    """(column, tsquery) matching ``value`` in any of ``fields`` (None: the
    default all-text field), in any spelling unless ``exact`` (a phrase is
    always exact); None when nothing in it is searchable."""
    leads = [""] if fields is None else [f + FIELD_SEP for f in fields]
    parts, positional = [], False
    for lead in leads:
        if phrase:
            found = phrase_query(value, lead)
            if found is None:
                return None
            query, positional = found
        else:
            query = word_query(value, lead, wildcard, exact)
            if query is None:
                return None
        parts.append(f"({query})")
    column = ("search_pos" if positional
              else "search_all" if fields is None else "search_fields")
    return column, " | ".join(parts)


@dataclass(frozen=True)
class RankTerm:
    """A positive text clause of the query, ranked by where it matches."""
    value: str
    wildcard: bool
    phrase: bool


@dataclass
class Compiled:
    sql: str
    params: dict[str, Any] = field(default_factory=dict)  # named, %(name)s
    rank_terms: list[RankTerm] = field(default_factory=list)


class _Compiler:
    def __init__(self, default_op: str = "AND", default_field: str = "text",
                 prefix: str = "q"):
        # Named parameters: clauses may be reordered or repeated freely.
        self.params: dict[str, Any] = {}
        self.prefix = prefix
        self.rank: list[RankTerm] = []
        self.default_and = default_op.upper() != "OR"
        self.default_field = default_field

    def p(self, value: Any) -> str:
        name = f"{self.prefix}{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"

    # -- tree walking -------------------------------------------------------
    def visit(self, node: tree.Item, fld: str | None, negated: bool  # noqa: C901, PLR0911, PLR0912  (one branch per node type of the query grammar)
              ) -> str:
        if isinstance(node, tree.SearchField):
            if fld is not None and fld != "*":
                raise QuerySyntaxError(
                    f"field '{node.name}' inside field '{fld}' is not allowed")
            return self.visit(node.expr, node.name, negated)
        if isinstance(node, (tree.Group, tree.FieldGroup)):
            return self.visit(node.expr, fld, negated)
        if isinstance(node, tree.Boost):
            return self.visit(node.expr, fld, negated)
        if isinstance(node, (tree.Not, tree.Prohibit)):
            return f"NOT ({self.visit(node.a, fld, not negated)})"
        if isinstance(node, tree.Plus):
            return self.visit(node.a, fld, negated)
        if isinstance(node, tree.AndOperation):
            return self._join(" AND ", [self.visit(c, fld, negated) for c in node.children])
        if isinstance(node, tree.OrOperation):
            return self._join(" OR ", [self.visit(c, fld, negated) for c in node.children])
        if isinstance(node, tree.UnknownOperation):
            return self._implicit(node, fld, negated)
        if isinstance(node, tree.Range):
            return self._range(node, fld)
        if isinstance(node, tree.Proximity):
            return self._phrase(node.term, fld, negated, slop=True)
        if isinstance(node, tree.Phrase):
            return self._phrase(node, fld, negated)
        if isinstance(node, tree.Fuzzy):
            return self._word(node.term.value, fld, negated)
        if isinstance(node, tree.Word):
            return self._word(node.value, fld, negated)
        if isinstance(node, tree.Regex):
            raise QuerySyntaxError(
                f"regular expressions are not supported: {node.value}")
        raise QuerySyntaxError(f"unsupported query element: {node}")

    @staticmethod
    def _join(op: str, parts: list[str]) -> str:
        return "(" + op.join(parts) + ")"

    def _implicit(self, node: tree.UnknownOperation, fld, negated) -> str:
        """Space-separated clauses: q.op decides plain clauses; Lucene's rule
        that required clauses make plain ones optional applies to q.op=OR."""
        parts, should, required = [], [], False
        for child in node.children:
            if isinstance(child, tree.Plus):
                required = True
                parts.append(self.visit(child.a, fld, negated))
            elif isinstance(child, (tree.Prohibit, tree.Not)):
                parts.append(f"NOT ({self.visit(child.a, fld, not negated)})")
            else:
                should.append(child)
        if self.default_and:
            parts += [self.visit(c, fld, negated) for c in should]
        elif should and not required:
            parts.append(self._join(" OR ", [self.visit(c, fld, negated) for c in should]))
        return self._join(" AND ", parts) if parts else TRUE

    # -- leaves ---------------------------------------------------------------
    def _word(self, raw: str, fld: str | None, negated: bool) -> str:
        fld = fld or self.default_field
        if raw == "*":
            return TRUE if fld in ("*", "text") else f"(i.terms ? {self.p(fld)})"
        if fld == "*":
            raise QuerySyntaxError(f"'*:{raw}': only '*:*' may use the field '*'")
        value = _UNESCAPE.sub(r"\1", raw)
        wildcard = raw.endswith("*") and not raw.endswith("\\*")
        if wildcard:
            value = value[:-1]
        return self._match(value, fld, negated, wildcard=wildcard)

    def _phrase(self, node: tree.Phrase, fld, negated, slop=False) -> str:
        fld = fld or self.default_field
        value = _UNESCAPE.sub(r"\1", node.value[1:-1])
        if field_type(fld) is not FieldType.TEXT:
            return self._match(value, fld, negated)
        if slop:
            # "a b"~N: every word, in any order nearby; approximated as all.
            words = value.split()
            return self._join(" AND ", [self._match(w, fld, negated) for w in words] or [TRUE])
        return self._text(value, fld, negated, phrase=True)

    def _match(self, value: str, fld: str, negated: bool,  # noqa: PLR0911  (one answer per kind of field)
               wildcard=False) -> str:
        if fld in NGRAM_FIELDS:
            pattern = "%" + _like_escape(normalize(value)) + "%"
            return self._any_value(NGRAM_FIELDS[fld]) + f"lower(v) LIKE {self.p(pattern)})"
        ftype = field_type(fld)
        if ftype is FieldType.TEXT:
            return self._text(value, fld, negated, wildcard)
        if wildcard:
            return self._any_value(fld) + f"v LIKE {self.p(_like_escape(value) + '%')})"
        if ftype is FieldType.DATE:
            ts = self._date(value, fld)
            return self._compare(fld, ftype, ">=", ts, "<=", ts)
        if fld == "permission_labels":
            # Nearly every dataset carries "public": as a row filter this is
            # cheaper than intersecting with its huge index entry.
            return f"({self.p(value)} = ANY(i.permission_labels))"
        if fld in _STRING_COLUMNS:
            return f"(i.{fld} = {self.p(value)})"
        if facetable(fld, value):
            test = f"facet_terms @> ARRAY[{self.p(term_hash(fld, value))}]::bigint[]"
            if negated:
                # Excluded values (withdrawn, duplicates ...) are usually rare:
                # found once through the index and hashed, instead of
                # searching every matching row's array (~0.3 us per row each).
                return f"(i.rev IN (SELECT x.rev FROM {TABLE} x WHERE x.{test}))"
            return f"(i.{test})"
        return f"(i.terms @> {self.p(json.dumps({fld: [value]}, ensure_ascii=False))}::jsonb)"

    def _text(self, value: str, fld: str, negated: bool, wildcard: bool = False,
              phrase: bool = False) -> str:
        found = text_match(value, None if fld == "text" else [fld], wildcard, phrase)
        if found is None:
            # Nothing searchable (only punctuation): the clause is ignored,
            # as Solr drops terms its analyser removes.
            return TRUE
        if not negated:
            self.rank.append(RankTerm(value, wildcard, phrase))
        column, tsq = found
        return f"(i.{column} @@ {self.p(tsq)}::tsquery)"

    @staticmethod
    def _date(value: str, fld: str):
        try:
            return datemath.parse(value)
        except (datemath.DateMathError, ValueError) as e:
            raise QuerySyntaxError(f"{fld}: {e}") from None

    def _range(self, node: tree.Range, fld: str | None) -> str:
        if fld is None:
            raise QuerySyntaxError(
                f"a range needs a field, e.g. metadata_modified:{node}")
        ftype = field_type(fld)
        low, high = (_UNESCAPE.sub(r"\1", str(x)) for x in (node.low, node.high))
        lo_op = ">=" if node.include_low else ">"
        hi_op = "<=" if node.include_high else "<"
        lo = None if low == "*" else low
        hi = None if high == "*" else high
        if ftype is FieldType.DATE:
            lo = lo and self._date(lo, fld)
            hi = hi and self._date(hi, fld)
        elif ftype is FieldType.INT:
            for bound in (lo, hi):
                if bound is not None and not re.match(_NUMBER, bound):
                    raise QuerySyntaxError(
                        f"'{bound}' is not a number in the range on '{fld}'")
        return self._compare(fld, ftype, lo_op, lo, hi_op, hi)

    def _any_value(self, fld: str) -> str:
        """Opening of "some value ``v`` of ``fld`` satisfies ..."; the caller
        appends the condition and the closing parenthesis."""
        return (f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(i.terms -> "
                f"{self.p(fld)}) v WHERE ")

    def _compare(self, fld, ftype, lo_op, lo, hi_op, hi) -> str:
        bounds = [(op, v) for op, v in ((lo_op, lo), (hi_op, hi)) if v is not None]
        if ftype is FieldType.DATE and fld in _DATE_COLUMNS:
            conds = [f"i.{fld} {op} {self.p(v)}" for op, v in bounds]
            return self._join(" AND ", conds) if conds else f"(i.{fld} IS NOT NULL)"
        # Placeholders are numbered by position: emit SQL left to right.
        head = self._any_value(fld)
        if ftype in (FieldType.DATE, FieldType.INT):
            cast = "v::timestamptz" if ftype is FieldType.DATE else "v::numeric"
            guard = _ISO_DATE if ftype is FieldType.DATE else _NUMBER
            # CASE keeps the cast away from values that are not dates/numbers.
            test = f"CASE WHEN v ~ {self.p(guard)} THEN "
            conds = [f"{cast} {op} {self.p(v)}" for op, v in bounds]
            return head + test + (" AND ".join(conds) or TRUE) + " ELSE FALSE END)"
        conds = [f'v COLLATE "C" {op} {self.p(v)}' for op, v in bounds]
        return head + (" AND ".join(conds) or TRUE) + ")"


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse(query: str) -> tree.Item:
    try:
        return _lucene_parser.parse(query)
    except Exception as e:  # noqa: BLE001  (ParseError, or plain errors from luqum's lexer)
        raise QuerySyntaxError(f"invalid query syntax in '{query}': {e}") from None


def compile_query(query: str | None, default_op: str = "AND",
                  default_field: str = "text", prefix: str = "q") -> Compiled:
    """SQL condition for one Solr ``q``/``fq`` string; its parameter names
    start with ``prefix`` (distinct prefixes let conditions be combined)."""
    if query is None or not query.strip() or query.strip() in ("*:*", "*"):
        return Compiled(TRUE)
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    comp = _Compiler(default_op, default_field, prefix)
    try:
        sql = comp.visit(parse(query), None, False)
    except RecursionError:
        raise QuerySyntaxError("the query is nested too deeply") from None
    return Compiled(sql, comp.params, comp.rank)
