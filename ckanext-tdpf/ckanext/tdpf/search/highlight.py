"""Where the words of a query are in a text, by the rules a search matches
them (analysis.py): from a token start, in the exact spelling or the
normalised one (so a variant is marked too); Latin words and digits as
whole tokens. For snippets with ``<mark>`` (the search page, ``hl=true``)."""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from markupsafe import Markup, escape

from . import analysis
from .analysis import Token, compact, is_run, normalize, tokenize

SNIPPET_CHARS = 120
MAX_TEXT_CHARS = 20_000  # of a description read for marks
_QUERY_SYNTAX = re.compile(r'[+\-!(){}\[\]^"~*?:\\/]|\b(?:AND|OR|NOT)\b')


class _Needle(NamedTuple):
    exact: str    # compact spelling (Japanese script) or a token's text
    spelled: str  # normalised spelling ("" outside Japanese script)


def query_words(q: str) -> list[str]:
    """The words of a search box query (field names, operators and quotes
    dropped); empty for ``*:*``."""
    words = []
    for part in q.split():
        if part.startswith(("-", "!")) or part == "NOT":
            continue  # what must not be there is not marked
        if ":" in part and not part.startswith(("http:", "https:")):
            part = part.split(":", 1)[1]
        part = _QUERY_SYNTAX.sub(" ", part)
        words += [w for w in part.split() if w]
    return words


def _needles(words: list[str]) -> list[_Needle]:
    out = []
    for word in words:
        tokens = tokenize(normalize(word))
        whole = compact(normalize(word))
        if tokens and is_run(whole):
            spelled = analysis.spelled(whole, tokens) if analysis.VARIANTS else whole
            out.append(_Needle(whole, spelled))
            continue
        out.extend(_Needle(tok.text, tok.norm if is_run(tok.text) else "") for tok in tokens)
    return out


def _normalised_with_map(text: str) -> tuple[str, list[int]]:
    """``normalize`` character by character, with the original offset of
    each resulting character."""
    chars, where = [], []
    for i, c in enumerate(text):
        n = normalize(c) if (ord(c) > 0x7F or c.isupper()) else c
        chars.append(n)
        where += [i] * len(n)
    return "".join(chars), where


def marks(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of ``text`` holding the words."""
    text = text[:MAX_TEXT_CHARS]
    needles = _needles(words)
    if not needles or not text.strip():
        return []
    norm, where = _normalised_with_map(text)
    tokens = tokenize(norm)
    spans = []
    for k, tok in enumerate(tokens):
        for needle in needles:
            length = _match_at(norm, tokens, k, needle)
            if length:
                end = min(tok.start + length, len(where))
                spans.append((where[tok.start], where[end - 1] + 1))
    return _merged(spans)


def _match_at(norm: str, tokens: list[Token], k: int, needle: _Needle) -> int:
    """Characters of ``norm`` from token ``k`` that ``needle`` covers (0: no match)."""
    tok = tokens[k]
    if not is_run(needle.exact):
        return len(tok.text) if tok.text == needle.exact else 0
    if norm.startswith(needle.exact, tok.start):
        return len(needle.exact)
    if not needle.spelled:
        return 0
    spelled, end = "", tok.start
    for later in tokens[k:]:
        if later.start != end or not is_run(later.text):
            break  # past the run
        spelled += later.norm
        end = later.start + len(later.text)
        if len(spelled) >= len(needle.spelled):
            return end - tok.start if spelled.startswith(needle.spelled) else 0
        if not needle.spelled.startswith(spelled):
            return 0
    return 0


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def snippet(text: str | None, words: list[str], chars: int = SNIPPET_CHARS) -> Markup | None:
    """About ``chars`` characters of ``text`` around its first marked word,
    the words in ``<mark>``, everything else escaped (stored markup shows as
    text); None when no word is in it."""
    if not text:
        return None
    flat = " ".join(unicodedata.normalize("NFC", text).split())
    spans = marks(flat, words)
    if not spans:
        return None
    first = spans[0][0]
    start = max(0, min(first - chars // 3, len(flat) - chars))
    end = min(len(flat), start + chars)
    out = [Markup("…")] if start > 0 else []
    at = start
    for s, e in spans:
        if s >= end:
            break
        s, e = max(s, start), min(e, end)
        out += [escape(flat[at:s]), Markup("<mark>"), escape(flat[s:e]), Markup("</mark>")]
        at = e
    out.append(escape(flat[at:end]))
    if end < len(flat):
        out.append(Markup("…"))
    return Markup("").join(out)
