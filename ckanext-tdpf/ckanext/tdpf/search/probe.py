"""Whether a query finds a text, decided by PostgreSQL on exactly the
lexemes and SQL a search uses (document.build_row, compiler.compile_query),
without storing anything: for measuring and testing the analysis
(bench/variants.py, tests/tdpf/search/test_variants.py)."""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .compiler import compile_query
from .document import build_row

Execute = Callable[[str, dict[str, Any]], Any]  # runs SQL, returns rows


class Case(NamedTuple):
    label: str   # the class of variant, or why it is a trap
    query: str
    text: str
    source: str  # where the text comes from


def read_cases(path: Path) -> Iterator[Case]:
    """The rows of a tab-separated case file (``#`` lines are comments)."""
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield Case(*row[:4])


def finds(execute: Execute, query: str, text: str) -> bool:
    """Whether the dataset titled ``text`` would be found by ``q=query``."""
    row = build_row({"id": "probe", "title": text})
    compiled = compile_query(query)
    params = {**compiled.params, "probe_all": row["search_all"],
              "probe_fields": row["search_fields"], "probe_pos": row["search_pos"]}
    sql = (f"SELECT {compiled.sql} FROM (SELECT %(probe_all)s::tsvector AS search_all, "
           "%(probe_fields)s::tsvector AS search_fields, "
           "%(probe_pos)s::tsvector AS search_pos) i")
    return bool(list(execute(sql, params))[0][0])
