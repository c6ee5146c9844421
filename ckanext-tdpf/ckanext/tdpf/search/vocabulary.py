"""Indexed terms a mistyped word may have meant (「もしかして」).

The vocabulary is the tag and group values of the index (the facet term
names in ``tdpf_search_term``: a few thousand short words) and the words of
dataset titles (the analyser's tokens of ``title_string`` in the index, two
characters or more, no numbers), read once per process and again after
``REFRESH_S``; titles only of the datasets indexed since the last read
(at most ``MAX_TITLES`` at once, the latest first), so a refresh costs what
changed. A word is
compared in its normalised form with hiragana as katakana, so といれ finds
トイレ, and 非難所 (a wrong kanji from the input method) finds 避難所."""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

from .analysis import compact, normalize, tokenize

FIELDS = ("tags", "groups")
REFRESH_S = 600
MAX_TERMS = 50_000
MAX_TITLES = 3_000  # ~0.4 ms a title: the first read of a process stays near 1 s
_NUMBER = re.compile(r"^[\d.,\-]+$")
_HIRAGANA = {c: c + 0x60 for c in range(0x3041, 0x3097)}

Execute = Callable[..., Any]


def folded(word: str) -> str:
    return compact(normalize(word)).translate(_HIRAGANA)


class Vocabulary:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._terms: dict[str, str] = {}  # folded -> as indexed
        self._title_words: dict[str, str] = {}
        self._titles_since: Any = None  # indexed_at of the latest title read
        self._read_at = -REFRESH_S * 2.0

    def terms(self, execute: Execute, table: str,
              index_table: str | None = None) -> dict[str, str]:
        """Tags and groups, and the title words of ``index_table`` if given
        (a tag's spelling wins over a title word's)."""
        with self._lock:
            if time.monotonic() - self._read_at > REFRESH_S:
                rows = execute(f"SELECT DISTINCT value FROM {table} WHERE field = ANY(%s) "
                               f"AND length(value) <= 40 LIMIT {MAX_TERMS}", [list(FIELDS)])
                tags = {folded(v): v for (v,) in rows if folded(v)}
                if index_table:
                    self._read_titles(execute, index_table)
                self._terms = {**self._title_words, **tags}
                self._read_at = time.monotonic()
            return self._terms

    def _read_titles(self, execute: Execute, index_table: str) -> None:
        since = self._titles_since
        rows = list(execute(
            f"SELECT title_string, indexed_at FROM {index_table} "
            "WHERE state = 'active' AND title_string IS NOT NULL"
            + (" AND indexed_at > %s" if since is not None else "")
            + f" ORDER BY indexed_at DESC LIMIT {MAX_TITLES}",
            [since] if since is not None else []))
        for title, _ in rows:
            for word in title_words(title):
                if len(self._title_words) >= MAX_TERMS:
                    break
                self._title_words.setdefault(folded(word), word)
        if rows:
            self._titles_since = rows[0][1]

    def clear(self) -> None:
        with self._lock:
            self._read_at = -REFRESH_S * 2.0
            self._title_words, self._titles_since = {}, None


def title_words(title: str) -> list[str]:
    """The words of a title a search may have meant: the analyser's tokens
    and each two adjacent ones together (避難 + 所: 避難所), of two to
    eight characters, numbers left out."""
    tokens = tokenize(normalize(title))
    found = [t.text for t in tokens]
    found += [a.text + b.text for a, b in zip(tokens, tokens[1:], strict=False)
              if b.start == a.start + len(a.text)]
    return [w for w in dict.fromkeys(found) if 2 <= len(w) <= 8 and not _NUMBER.match(w)]


def closest(word: str, terms: dict[str, str], limit: int = 5) -> list[str]:
    """Indexed terms within a small edit distance of ``word`` (1 for words of
    up to 4 characters, else 2), nearest first; not the word itself."""
    target = folded(word)
    if len(target) < 2:
        return []
    most = 1 if len(target) <= 4 else 2
    scored = []
    for key, term in terms.items():
        if abs(len(key) - len(target)) > most or term == word:
            continue
        distance = _distance(target, key, most)
        if distance <= most:
            scored.append((distance, abs(len(key) - len(target)), term))
    return [term for _, _, term in sorted(scored)[:limit]]


def _distance(a: str, b: str, most: int) -> int:
    """Levenshtein distance, or ``most + 1`` once it must exceed ``most``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > most:
            return most + 1
        previous = current
    return previous[-1]


VOCABULARY = Vocabulary()
