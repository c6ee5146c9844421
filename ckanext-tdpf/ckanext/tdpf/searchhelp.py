"""A search that finds nothing is not a dead end, and results show why they
matched (the chained ``package_search``).

* Any of the words: when a search of several plain words (all of them
  required, CKAN's default) finds nothing, the same search is made for any
  of them (Solr's ``mm=1``, ranked by how many words a dataset holds,
  search/ranking.py). The dataset search page does it by itself; the API
  when asked with ``ext_any_words=true``. The answer then says
  ``any_words: true``.
* 「もしかして」: for each word that finds nothing on its own, the nearest
  indexed tag, group or title word (search/vocabulary.py), offered as ``suggestion``
  when the corrected search finds something *for this caller* (so a private
  dataset's tag is never revealed).
* ``hl=true``: ``highlight`` {dataset id: {"title": ..., "notes": ...}},
  snippets with the matched words (variants too) in ``<mark>``, all other
  text escaped (search/highlight.py).

The page reads what happened through :func:`page_state`, with the link to
ask for the data from :class:`~ckanext.tdpf.interfaces.IDataRequestOffer`
(the community plugin's data requests)."""
from __future__ import annotations

from typing import Any

import flask

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

from .interfaces import IDataRequestOffer
from .logic.action_input import truth
from .search import highlight
from .search.compiler import TABLE as INDEX_TABLE
from .search.compiler import TERM_TABLE
from .search.vocabulary import VOCABULARY, closest

_STATE = "_tdpf_search_help"
_MAX_WORDS = 8
MAX_CHECKS = 8  # counting searches a suggestion may cost
_PLAIN = set('+-!(){}[]^"~*?:\\/')
_OPERATORS = {"AND", "OR", "NOT", "&&", "||", "TO"}


def plain_words(q: Any) -> list[str]:
    """The words of a query that is only words (no fields, quotes or
    operators); [] for any other query."""
    if not isinstance(q, str):
        return []
    words = q.split()
    if any(set(w) & _PLAIN or w in _OPERATORS for w in words):
        return []
    return words[:_MAX_WORDS]


def _flag(data_dict: DataDict, name: str) -> bool:
    extras = data_dict.get("extras")
    value = data_dict.get(name, extras.get(name) if isinstance(extras, dict) else None)
    if value in (None, ""):
        return False
    try:
        return truth(value)
    except tk.Invalid:
        raise tk.ValidationError({name: [tk._("Must be true or false")]}) from None


def _page_search(data_dict: DataDict) -> bool:
    """The visitor's own search on the dataset search page (not a helper's)."""
    if not flask.has_request_context() or flask.request.endpoint != "dataset.search":
        return False
    return flask.g.get(_STATE) is None and data_dict.get("q") == flask.request.args.get("q")


@tk.side_effect_free
@tk.chained_action
def package_search(up: Action, context: Context, data_dict: DataDict) -> dict[str, Any]:
    """package_search; with ``ext_any_words=true``, a search of several words
    that finds nothing answers with the datasets holding any of them
    (``any_words: true``, most words first) and a ``suggestion`` for
    mistyped words; with ``hl=true``, ``highlight`` snippets per dataset.

    :param ext_any_words: fall back to any of the words (optional)
    :type ext_any_words: bool
    :param hl: add ``highlight`` (optional)
    :type hl: bool
    """
    data_dict = dict(data_dict)
    hl = _flag(data_dict, "hl")
    data_dict.pop("hl", None)
    data_dict.pop("hl.fl", None)
    on_page = _page_search(data_dict)
    recover = on_page or _flag(data_dict, "ext_any_words")
    if on_page:
        flask.g.setdefault(_STATE, {})
    result = up(context.copy(), dict(data_dict))
    words = plain_words(data_dict.get("q"))
    if recover and result["count"] == 0 and words and not data_dict.get("mm"):
        state = _recover(up, context, data_dict, words, result)
        if on_page:
            flask.g.setdefault(_STATE, {}).update(state)
    if hl:
        result["highlight"] = _highlights(result["results"], data_dict.get("q"))
    return result


def _recover(up: Action, context: Context, data_dict: DataDict, words: list[str],
             result: dict[str, Any]) -> dict[str, Any]:
    """Fills ``result`` with the any-word results and the suggestion."""
    state: dict[str, Any] = {"words": words, "any_words": False}
    if len(words) > 1:
        found = up(context.copy(), {**data_dict, "q": " ".join(words), "mm": "1"})
        if found["count"]:
            result.update({k: found[k] for k in ("count", "results", "facets", "search_facets")})
            result["any_words"] = state["any_words"] = True
    suggestion = _suggestion(up, context, data_dict, words)
    result["suggestion"] = state["suggestion"] = suggestion
    return state


def _count(up: Action, context: Context, data_dict: DataDict, q: str) -> int:
    return up(context.copy(), {**data_dict, "q": q, "rows": 0, "start": 0,
                              "facet": "false", "facet.field": []})["count"]


def _suggestion(up: Action, context: Context, data_dict: DataDict,
                words: list[str]) -> str | None:
    """The query with each word that finds nothing replaced by the nearest
    indexed term that does; None when no word can be corrected. At most
    MAX_CHECKS counting searches (a page that found nothing stays quick)."""
    terms = VOCABULARY.terms(_execute, TERM_TABLE, INDEX_TABLE)
    corrected, changed, checks = [], False, MAX_CHECKS
    for word in words:
        replacement = word
        candidates = closest(word, terms, limit=3)
        if candidates and checks > 0 and (len(words) == 1 or
                                          _count(up, context, data_dict, word) == 0):
            checks -= len(words) > 1
            for term in candidates[:max(0, checks)]:
                checks -= 1
                if _count(up, context, data_dict, term):
                    replacement, changed = term, True
                    break
        corrected.append(replacement)
    if not changed:
        return None
    query = " ".join(corrected)
    return query if _count(up, context, {**data_dict, "mm": "1"}, query) else None


def _execute(sql: str, params: Any) -> Any:
    return model.Session.connection().exec_driver_sql(sql, tuple(params))


def _highlights(results: list[dict[str, Any]], q: Any) -> dict[str, dict[str, str]]:
    words = highlight.query_words(q) if isinstance(q, str) else []
    out = {}
    for pkg in results:
        if not isinstance(pkg, dict) or "id" not in pkg:
            continue
        found = {}
        for field in ("title", "notes"):
            text = highlight.snippet(pkg.get(field), words, 10_000 if field == "title" else
                                     highlight.SNIPPET_CHARS)
            if text is not None:
                found[field] = str(text)
        out[pkg["id"]] = found
    return out


# -- the search page -----------------------------------------------------------

def page_state() -> dict[str, Any]:
    """What the page's own search did: ``words``, ``any_words``,
    ``suggestion``; and whether to offer a data request (``request_url``).
    Empty unless it found nothing for all the words."""
    if not flask.has_request_context():
        return {}
    state = dict(flask.g.get(_STATE) or {})
    if state:
        query = flask.request.args.get("q", "")
        for plugin in p.PluginImplementations(IDataRequestOffer):
            url = plugin.data_request_url(query)
            if url:
                state["request_url"] = url
                break
    return state


def page_snippet(package: dict[str, Any]) -> Any:
    """The description of a result around the searched words, marked; None
    when it holds none of them (the page shows its usual extract)."""
    if not flask.has_request_context():
        return None
    q = flask.request.args.get("q") or ""
    words = highlight.query_words(q)
    if not words:
        return None
    return highlight.snippet(package.get("notes"), words, highlight.SNIPPET_CHARS)
