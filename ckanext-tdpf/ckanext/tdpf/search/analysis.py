"""Text analysis shared by indexing and querying (the same on both sides).

Japanese has no spaces, so words are cut by SudachiPy (split mode A, the
shortest units, as Kuromoji's search mode does) after NFKC normalisation and
case folding. Every token is placed at the *character offset* where it starts,
and every pair of adjacent "word" characters is also indexed as a bigram at
its own offset. That gives two ways to match a query word:

* its dictionary tokens at exactly the right distances (``避難 <2> 所`` for
  ``避難所``), so ``京都`` never matches inside ``東京都`` (tokens 東京/都);
* its character bigrams at consecutive offsets, the first of them where a
  dictionary token starts in the document: the word is found at the start of
  any token, so 東京都 matches 東京都内 (tokens 東京/都内) and 避難所 matches
  指定緊急避難所 whatever the context did to the tokens, while 京都 still
  never matches inside 東京;
* for words the dictionary does not know, its bigrams anywhere, i.e. a true
  substring match.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

# Lexeme prefixes; private-use characters, stripped from all input text, so
# they can never collide with a real token.
BIGRAM = "\ue000"
FIELD_SEP = "\ue001"
# A bigram that starts where a dictionary token starts.
BIGRAM_AT_TOKEN = "\ue002"

# PostgreSQL keeps positions 1..16383 in a tsvector and lexemes < 2 KB.
MAX_POSITION = 16383
MAX_LEXEME_CHARS = 200

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Characters worth bigram-indexing: letters, digits, kanji, kana (not
# hiragana, which are mostly particles and would flood the index).
_WORD_CHAR = re.compile(r"[0-9a-z\u30a0-\u30ff\u3400-\u9fff\uf900-\ufaff\u3005\u3006]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u3005\u3006]")
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_SEPARATOR = re.compile(r"[\W_]", re.UNICODE)

_local = threading.local()


def _tokenizer():
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        from sudachipy import Dictionary, SplitMode

        tok = Dictionary(dict="core").create(SplitMode.A)
        _local.tokenizer = tok
    return tok


def normalize(text: str) -> str:
    """NFKC + case folding: ＡＥＤ = AED = aed, full-width digits = ASCII."""
    text = unicodedata.normalize("NFKC", text)
    return _PRIVATE_USE.sub(" ", text).lower()


@dataclass(frozen=True)
class Token:
    text: str
    pos: int   # offset counted in non-separator characters (see below)
    oov: bool  # unknown to the dictionary


def _dense_offsets(text: str) -> list[int]:
    """For each character, how many non-separator characters precede it.

    Positions skip spaces and punctuation, so "指定 緊急", "指定・緊急" and
    "指定緊急" all put 緊急 right after 指定 and a quoted phrase matches
    them alike, while the distance between tokens still reflects adjacency.
    """
    out, n = [], 0
    for ch in text:
        out.append(n)
        if not _SEPARATOR.match(ch):
            n += 1
    out.append(n)
    return out


def tokenize(text: str) -> list[Token]:
    """Dictionary tokens of already-normalised ``text`` (punctuation and
    whitespace dropped), each with its dense position."""
    if not text.strip():
        return []
    dense = _dense_offsets(text)
    out: list[Token] = []
    for m in _tokenizer().tokenize(text):
        surface = m.surface()
        if not surface.strip() or _PUNCT.match(surface):
            continue
        out.append(Token(surface, dense[m.begin()], m.is_oov()))
    return out


def bigrams(text: str) -> Iterator[tuple[str, int]]:
    """Adjacent pairs of word characters with the dense position of the
    first."""
    dense = None
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if _WORD_CHAR.match(a) and _WORD_CHAR.match(b):
            if dense is None:
                dense = _dense_offsets(text)
            yield a + b, dense[i]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def is_bigram_word(text: str) -> bool:
    """Whether every character of ``text`` is bigram-indexed."""
    return len(text) >= 2 and all(_WORD_CHAR.match(c) for c in text)


class VectorBuilder:
    """Collects lexemes with positions and weights; renders tsvector text.

    Fields are laid out one after another in position space with a gap, so
    a phrase never matches across two fields.
    """

    GAP = 8

    def __init__(self) -> None:
        self._lex: dict[str, dict[int, str]] = {}
        self._next = 1

    def _add(self, lexeme: str, pos: int, weight: str) -> None:
        lexeme = lexeme[:MAX_LEXEME_CHARS]
        positions = self._lex.setdefault(lexeme, {})
        if len(positions) < 256:  # PostgreSQL's per-lexeme limit
            positions.setdefault(pos, weight)

    def add_text(self, field: str, values: Iterable[str], weight: str,
                 unprefixed: bool = True) -> None:
        """Index ``values`` of ``field``; ``unprefixed`` also makes them part
        of the default (all-text) field."""
        for value in values:
            if not value:
                continue
            norm = normalize(str(value))
            base = self._next
            if base > MAX_POSITION:
                base = MAX_POSITION
            prefix = field + FIELD_SEP
            starts = set()
            for tok in tokenize(norm):
                starts.add(tok.pos)
                pos = min(base + tok.pos, MAX_POSITION)
                if unprefixed:
                    self._add(tok.text, pos, weight)
                self._add(prefix + tok.text, pos, weight)
            # Past the last position, bigrams would all collapse onto it and
            # only bloat the vector; dictionary tokens still count.
            for gram, off in bigrams(norm[:max(0, MAX_POSITION - base)]):
                pos = base + off
                marks = (BIGRAM, BIGRAM_AT_TOKEN) if off in starts else (BIGRAM,)
                for mark in marks:
                    if unprefixed:
                        self._add(mark + gram, pos, weight)
                    self._add(prefix + mark + gram, pos, weight)
            self._next = base + len(norm) + self.GAP

    def render(self) -> str:
        parts = []
        for lexeme, positions in self._lex.items():
            quoted = lexeme.replace("\\", "\\\\").replace("'", "''")
            pos = ",".join(f"{p}{w}" for p, w in sorted(positions.items()))
            parts.append(f"'{quoted}':{pos}")
        return " ".join(parts)
