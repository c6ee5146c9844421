"""Indexed terms a mistyped word may have meant (「もしかして」).

The vocabulary is the tag and group values of the index (the facet term
names in ``tdpf_search_term``: a few thousand short words, no scan of the
documents), read once per process and again after ``REFRESH_S``. A word is
compared in its normalised form with hiragana as katakana, so といれ finds
トイレ, and 非難所 (a wrong kanji from the input method) finds 避難所."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from .analysis import compact, normalize

FIELDS = ("tags", "groups")
REFRESH_S = 600
MAX_TERMS = 50_000
_HIRAGANA = {c: c + 0x60 for c in range(0x3041, 0x3097)}

Execute = Callable[..., Any]


def folded(word: str) -> str:
    return compact(normalize(word)).translate(_HIRAGANA)


class Vocabulary:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._terms: dict[str, str] = {}  # folded -> as indexed
        self._read_at = -REFRESH_S * 2.0

    def terms(self, execute: Execute, table: str) -> dict[str, str]:
        with self._lock:
            if time.monotonic() - self._read_at > REFRESH_S:
                rows = execute(f"SELECT DISTINCT value FROM {table} WHERE field = ANY(%s) "
                               f"AND length(value) <= 40 LIMIT {MAX_TERMS}", [list(FIELDS)])
                self._terms = {folded(v): v for (v,) in rows if folded(v)}
                self._read_at = time.monotonic()
            return self._terms

    def clear(self) -> None:
        with self._lock:
            self._read_at = -REFRESH_S * 2.0


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
