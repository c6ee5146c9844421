"""Text analysis shared by indexing and querying (the same on both sides).

Japanese has no spaces: text is NFKC-normalised and case-folded, then cut
by SudachiPy (split mode A, the shortest units, like Kuromoji's search mode).
Tokens depend on context (東京都 is 東京/都, 東京都内 is 東京/都内), so a query
word is not matched token by token. Instead, within runs of Japanese script
(kanji, katakana, hiragana), every token start is indexed with the characters
that follow it ("anchors":
^避, ^避難, ^避難所, ... up to ANCHOR_MAX characters). A query word then
matches where it begins at a token start:

* 避難所 finds 指定緊急避難所一覧 (a token starts at 避);
* 東京都 finds 東京都内 (a token starts at 東);
* 京都 does NOT find 東京都 (no token starts at 京 there);
* a prefix query 避難* is the same lookup.

Each anchor is an exact GIN lookup, with no positional recheck. Words the
dictionary does not know also get their character bigrams, so part of an
unknown word still matches. Positions (for quoted phrases that are not one
run of Japanese script) count characters, skipping spaces and punctuation.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from . import variants

# Lexeme marks: private-use characters, removed from all input text, so they
# never collide with a real token.
ANCHOR = "\ue002"
VARIANT = "\ue003"  # an anchor of the normalised spelling (variants.py)
BIGRAM = "\ue000"
FIELD_SEP = "\ue001"

ANCHOR_MAX = 8
# Index and query normalised spellings too (bench/variants.py turns this off
# to measure what they add; the index must be rebuilt after a change).
VARIANTS = True
MAX_POSITION = 16383     # PostgreSQL's limit for tsvector positions
MAX_LEXEME_CHARS = 200   # far below PostgreSQL's 2 KB per lexeme
# Short values repeat from dataset to dataset (organisations, tags, formats,
# place names, standard titles): their analysis is remembered. Long ones
# (descriptions) rarely repeat and would hold much memory.
# The caches are per process and stay full in long-lived workers (harvest
# imports, rebuilds): larger sizes held far more memory without more hits
# (bench/analysis_memory.py measures both).
CACHED_VALUE_CHARS = 64
CACHED_VALUES = 2048
# Tokens repeat far more than values; an entry is a few short strings.
CACHED_TOKENS = 16384

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Japanese script (kanji, katakana, hiragana): anchors run through it.
_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u3005\u3006]+")
_BIGRAM_CHAR = re.compile(r"[0-9a-z\u30a0-\u30ff\u3400-\u9fff\uf900-\ufaff\u3005\u3006]")
_PUNCT = re.compile(r"^[\W_]+$")
_SEPARATOR = re.compile(r"[\W_]")

_local = threading.local()


def _tokenizer():
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        from sudachipy import Dictionary, SplitMode

        dictionary = Dictionary(dict="core")
        tok = dictionary.create(SplitMode.A)
        _local.tokenizer = tok
        _local.pos_of = dictionary.pos_of
    return tok


_POS_KINDS: dict[int, str] = {}  # part-of-speech id -> variants.kind


def _pos_kind(pos_id: int) -> str:
    found = _POS_KINDS.get(pos_id)
    if found is None:
        found = _POS_KINDS[pos_id] = variants.kind(_local.pos_of(pos_id))
    return found


# (dictionary entry, surface) -> normalised spelling: words repeat, and one
# lookup replaces three calls into the dictionary
_SPELLINGS: dict[tuple[int, str], str] = {}


def _spelling(morpheme, surface: str) -> str:
    """The token's normalised spelling (variants.py); its surface outside
    Japanese script."""
    if not VARIANTS or _RUN.fullmatch(surface) is None:
        return surface
    key = (morpheme.word_id(), surface)
    normal = _SPELLINGS.get(key)
    if normal is None:
        pos = _pos_kind(morpheme.part_of_speech_id())
        if pos == "none" and surface not in variants.LONE_KE:
            normal = surface
        else:
            normal = variants.spelling(morpheme, surface, pos == "place")
        if _RUN.fullmatch(normal) is None:
            normal = surface
        if len(_SPELLINGS) >= CACHED_TOKENS:
            _SPELLINGS.clear()
        if not morpheme.is_oov():  # an unknown word's id says little
            _SPELLINGS[key] = normal
    return normal


def use_variants(on: bool) -> None:
    """Switch normalised spellings on or off (for measuring; an index built
    one way is only searched correctly the same way)."""
    global VARIANTS  # noqa: PLW0603 - the module's one switch
    VARIANTS = on
    for cached in (_lexemes_of, _cached_piece, _token_items):
        cached.cache_clear()
    _SPELLINGS.clear()


def normalize(text: str) -> str:
    """NFKC + case folding: ＡＥＤ = AED = aed, full-width digits = ASCII."""
    text = unicodedata.normalize("NFKC", text)
    return _PRIVATE_USE.sub(" ", text).lower()


def compact(text: str) -> str:
    """``text`` without spaces and punctuation."""
    return _SEPARATOR.sub("", text)


def is_run(text: str) -> bool:
    """Whether ``text`` is one run of Japanese script (anchored matching)."""
    return bool(text) and _RUN.fullmatch(text) is not None


class Token(NamedTuple):  # a tuple: made for every token of every value
    text: str
    start: int  # character offset in the normalised text
    pos: int    # offset counted in non-separator characters
    oov: bool   # unknown to the dictionary
    norm: str   # normalised spelling (variants.py), else the text


def tokenize(text: str) -> list[Token]:
    """Dictionary tokens of normalised ``text``, punctuation dropped."""
    if not text.strip():
        return []
    separators = [m.start() for m in _SEPARATOR.finditer(text)]
    out = []
    for offset, piece in _pieces(text):
        for m in _tokenizer().tokenize(piece):
            surface = m.surface()
            if surface.strip() and not _PUNCT.match(surface):
                begin = offset + m.begin()
                dense = begin - bisect.bisect_left(separators, begin)
                text = surface[:MAX_LEXEME_CHARS]
                out.append(Token(text, begin, dense, m.is_oov(), _spelling(m, text)))
    return out


# SudachiPy refuses more than 49,149 bytes at once: this many characters
# stay below that even at 4 bytes each.
PIECE_CHARS = 12_000
_PIECE_END = re.compile(r"[\n。．.!?！？]\s*|\s+")


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering ``text``; long texts are cut after a
    sentence or a space in the second half of each piece, else anywhere."""
    start = 0
    while len(text) - start > PIECE_CHARS:
        end = start + PIECE_CHARS
        cuts = [m.end() for m in _PIECE_END.finditer(text, start + PIECE_CHARS // 2, end)]
        cut = cuts[-1] if cuts else end
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def oov_bigrams(token: Token) -> set[str]:
    return set(_bigrams(token.text))


def _bigrams(word: str) -> frozenset[str]:
    return frozenset(BIGRAM + word[i:i + 2] for i in range(len(word) - 1)
                     if _BIGRAM_CHAR.match(word[i]) and _BIGRAM_CHAR.match(word[i + 1]))


class _Source(NamedTuple):
    """What a token's unpositioned lexemes depend on, and nothing else."""
    anchored: str  # the run's characters from the token on (ANCHOR_MAX at most)
    own: str       # the token's text, when it stands for itself
    unknown: str   # the token's text, when the dictionary does not know it
    variant: str = ""  # the run's normalised spelling from the token on, if different


def _sources(text: str, tokens: list[Token]) -> list[_Source]:
    """Per token of normalised ``text``: inside a Japanese-script run it is
    represented by its anchors (and by itself too if it runs past the run's
    end); outside, latin or digits, by itself; unknown words add bigrams."""
    runs = [m.span() for m in _RUN.finditer(text)]
    starts = [start for start, _ in runs]
    ends: list[int | None] = []
    for tok in tokens:
        at = bisect.bisect_right(starts, tok.start) - 1
        ends.append(runs[at][1] if at >= 0 and tok.start < runs[at][1] else None)
    variant = _variant_runs(text, tokens, ends)
    out = []
    for k, (tok, end) in enumerate(zip(tokens, ends, strict=True)):
        if end is None:
            out.append(_Source("", tok.text, tok.text if tok.oov else ""))
            continue
        anchored = text[tok.start:min(end, tok.start + ANCHOR_MAX)]
        own = tok.text if tok.start + len(tok.text) > end else ""
        spelled = variant[k]
        out.append(_Source(anchored, own, tok.text if tok.oov else "",
                           spelled if spelled != anchored else ""))
    return out


def _variant_runs(text: str, tokens: list[Token], ends: list[int | None]) -> list[str]:
    """Per token in a run: the run from that token on (ANCHOR_MAX
    characters at most) with every token in its normalised spelling;
    characters between tokens stay as they are. Built from the run's end."""
    out = [""] * len(tokens)
    following, run_end, at = "", None, 0
    for k in range(len(tokens) - 1, -1, -1):
        tok, end = tokens[k], ends[k]
        if end is None:
            continue
        stop = tok.start + len(tok.text)
        if end != run_end:
            following, run_end, at = "", end, end  # the run's last token
        # a token running past the run stays as it is
        spelled = (text[tok.start:end] if stop > end
                   else tok.norm + text[stop:at] + following)
        following = spelled[:ANCHOR_MAX]
        out[k] = following
        at = tok.start
    return out


@functools.lru_cache(maxsize=CACHED_TOKENS)
def _lexemes_of(source: _Source) -> frozenset[str]:
    anchored, variant = source.anchored, source.variant
    out = {ANCHOR + anchored[:k] for k in range(1, len(anchored) + 1)}
    # the normalised anchors where they differ from the surface ones (a
    # query looks up both marks, see _variant_terms)
    out.update(VARIANT + variant[:k] for k in range(1, len(variant) + 1)
               if variant[:k] != anchored[:k])
    if source.own:
        out.add(source.own)
    return frozenset(out | _bigrams(source.unknown)) if source.unknown else frozenset(out)


def lexemes(text: str) -> tuple[set[str], list[Token]]:
    """Unpositioned lexemes of normalised ``text`` and its tokens."""
    tokens = tokenize(text)
    out: set[str] = set()
    for source in _sources(text, tokens):
        out |= _lexemes_of(source)
    return out, tokens


class TextIndex:
    """Collects a document's lexemes for the search columns, as tsvector
    items (quoted, see :func:`_quote`). The items of a short value seen
    before, and of a token seen before (in the same field), come
    ready-made; rendering is a join.

    ``everything``: the default field (CKAN's ``text`` copy-field target);
    ``fields``: the same, prefixed with the field name, for ``title:...``;
    ``positions``: tokens with positions, for quoted phrases.
    Fields are laid out one after another in position space with a gap, so
    a phrase never spans two fields.
    """

    GAP = 8

    def __init__(self) -> None:
        self.everything: set[str] = set()
        self.fields: set[str] = set()
        self.positions: dict[str, set[int]] = {}
        self._next = 1

    def add(self, field: str, values: list[str], in_default: bool) -> None:
        prefix = field + FIELD_SEP
        positions = self.positions
        for value in values:
            if len(value) <= CACHED_VALUE_CHARS:
                piece = _cached_piece(prefix, value, in_default)
            else:
                piece = _piece(prefix, value, in_default)
            self.fields |= piece.fields
            if in_default:
                self.everything |= piece.lex
            base = min(self._next, MAX_POSITION)
            clamp = base + piece.last > MAX_POSITION
            for item, offset in piece.spots:
                pos = min(base + offset, MAX_POSITION) if clamp else base + offset
                spots = positions.get(item)
                if spots is None:
                    positions[item] = {pos}
                elif len(spots) < 256:  # PostgreSQL's per-lexeme limit
                    spots.add(pos)
            self._next = base + piece.length + self.GAP


class _Piece(NamedTuple):
    """One value's share of a document, relative to where it starts."""
    lex: frozenset[str]                    # items for the default field
    fields: frozenset[str]                 # field-prefixed items
    spots: tuple[tuple[str, int], ...]     # (positioned item, offset), in token order
    last: int                              # largest offset
    length: int                            # of the normalised value


def _piece(prefix: str, value: str, in_default: bool) -> _Piece:
    norm = normalize(value)
    tokens = tokenize(norm)
    lex: set[str] = set()
    fields: set[str] = set()
    spots = []
    for tok, source in zip(tokens, _sources(norm, tokens), strict=True):
        plain, prefixed, own_plain, own_prefixed = _token_items(prefix, source, tok.text)
        lex |= plain
        fields |= prefixed
        if in_default:
            spots.append((own_plain, tok.pos))
        spots.append((own_prefixed, tok.pos))
    return _Piece(frozenset(lex), frozenset(fields), tuple(spots),
                  max([t.pos for t in tokens], default=0), len(norm))


@functools.lru_cache(maxsize=CACHED_VALUES)
def _cached_piece(prefix: str, value: str, in_default: bool) -> _Piece:
    return _piece(prefix, value, in_default)


@functools.lru_cache(maxsize=CACHED_TOKENS)
def _token_items(prefix: str, source: _Source, text: str
                 ) -> tuple[frozenset[str], frozenset[str], str, str]:
    """A token's items: unpositioned, plain and field-prefixed; positioned,
    plain and field-prefixed."""
    lex = _lexemes_of(source)
    return (frozenset(map(_quote, lex)), frozenset([_quote(prefix + x) for x in lex]),
            _quote(text), _quote(prefix + text))


@functools.lru_cache(maxsize=8 * CACHED_VALUES)  # lexemes repeat even more
def _quote(lexeme: str) -> str:
    """A lexeme as a tsvector item (cut to MAX_LEXEME_CHARS)."""
    return "'" + lexeme[:MAX_LEXEME_CHARS].replace("\\", "\\\\").replace("'", "''") + "'"


def render_set(items: set[str]) -> str:
    """tsvector text without positions."""
    return " ".join(items)


def render_positions(positions: dict[str, set[int]]) -> str:
    return " ".join([f"{x}:{min(p)}" if len(p) == 1  # most lexemes
                     else f"{x}:{','.join(map(str, sorted(p)))}"
                     for x, p in positions.items()])


# -- query side ---------------------------------------------------------------
def _anchor_chunks(whole: str, starts: list[int]) -> list[str]:
    """Anchors covering a long run: pieces of at most ANCHOR_MAX characters,
    each starting at a token start and overlapping the previous one, so
    together they pin the characters in order."""
    starts = sorted(set(starts))
    chunks, at = [], 0
    while True:
        chunks.append(whole[at:at + ANCHOR_MAX])
        if at + ANCHOR_MAX >= len(whole):
            return chunks
        following = [p for p in starts if at < p < at + ANCHOR_MAX]
        if not following:  # one token longer than ANCHOR_MAX: its prefix
            return chunks
        at = following[-1]


def _either(lead: str, chunk: str) -> str:
    """A normalised-spelling anchor: written so in the text (an anchor), or
    normalised to it (a variant anchor, see _lexemes_of)."""
    return f"({_quote(lead + ANCHOR + chunk)} | {_quote(lead + VARIANT + chunk)})"


def _respelled(whole: str, tokens: list[Token]) -> tuple[str, list[int]]:
    """A query word that is one run of Japanese script in normalised
    spelling, and where its tokens start in it."""
    pieces, starts, at, length = [], [], 0, 0
    for tok in tokens:
        gap = whole[at:tok.pos]
        starts.append(length + len(gap))
        pieces += [gap, tok.norm]
        length += len(gap) + len(tok.norm)
        at = tok.pos + len(tok.text)
    pieces.append(whole[at:])
    return "".join(pieces), starts


def spelled(whole: str, tokens: list[Token]) -> str:
    """``whole`` (one run of Japanese script, tokenised) in normalised spelling."""
    return _respelled(whole, tokens)[0]


def _spelled_run(whole: str, tokens: list[Token], lead: str) -> tuple[str, str]:
    """(the run in normalised spelling, its tsquery) for a query word that is
    one run of Japanese script."""
    respelled, starts = _respelled(whole, tokens)
    return respelled, " & ".join(_either(lead, c) for c in _anchor_chunks(respelled, starts))


def word_query(word: str, lead: str = "", wildcard: bool = False,
               exact: bool = False) -> str | None:
    """tsquery (on the unpositioned columns) for one query word: its
    spelling, or (unless ``exact``) its normalised spelling.

    ``lead`` is the field prefix (empty for the default field).
    """
    norm = normalize(word)
    tokens = tokenize(norm)
    if not tokens:
        return None
    whole = compact(norm)
    variants_too = VARIANTS and not exact
    if is_run(whole):
        query = " & ".join(_quote(lead + ANCHOR + c)
                           for c in _anchor_chunks(whole, [t.pos for t in tokens]))
        if variants_too:
            spelled, either = _spelled_run(whole, tokens, lead)
            query = either if spelled == whole else f"({query}) | ({either})"
    else:
        terms = []
        for tok in tokens:
            if not is_run(tok.text):
                terms.append(_quote(lead + tok.text))
                continue
            term = _quote(lead + ANCHOR + tok.text[:ANCHOR_MAX])
            if variants_too:
                either = _either(lead, tok.norm[:ANCHOR_MAX])
                term = either if tok.norm == tok.text else f"({term} | {either})"
            terms.append(term)
        if wildcard and not is_run(tokens[-1].text):
            terms[-1] += ":*"
        query = " & ".join(terms)
    grams = set().union(*(oov_bigrams(t) for t in tokens if t.oov))
    if grams and len(whole) > 1:
        query = f"({query}) | ({' & '.join(_quote(lead + g) for g in sorted(grams))})"
    return query


def phrase_query(phrase: str, lead: str = "") -> tuple[str, bool] | None:
    """(tsquery, positional?) for a quoted phrase, in its exact spelling:
    one Japanese-script run is an anchor lookup; anything else needs token
    positions."""
    norm = normalize(phrase)
    whole = compact(norm)
    tokens = tokenize(norm)
    if not tokens:
        return None
    if is_run(whole):
        return " & ".join(_quote(lead + ANCHOR + c)
                          for c in _anchor_chunks(whole, [t.pos for t in tokens])), False
    if len(tokens) == 1:
        word = word_query(phrase, lead, exact=True)  # None only without tokens, as above
        return (word, False) if word is not None else None
    parts = [_quote(lead + tokens[0].text)]
    for prev, tok in itertools.pairwise(tokens):
        parts += [f"<{tok.pos - prev.pos}>", _quote(lead + tok.text)]
    return " ".join(parts), True
