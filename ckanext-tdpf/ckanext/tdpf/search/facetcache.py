"""Facet counts and default-order ranking from a per-process copy of the
index rows' facet terms, modification times and ids.

Counting facets in SQL means unnesting ~20 term hashes for every matching
row: at 100,000 datasets a broad search spent most of its second there.
Instead, the search statement returns only the revision numbers of the
matching rows (search/statement.py) and the counting happens here, over
numpy arrays, in a few milliseconds whatever the number of matches. The
same revisions give each match its ``metadata_modified`` and id, so the
default order (score, then newest) is ranked here too (search/ranking.py).

Exactness: a row's ``rev`` changes on every write (a trigger, migration
0003), so the terms cached under a rev are those of that row version for
ever. The match set comes from the search's own snapshot; a rev not yet in
the cache (a row written since, even in the caller's open transaction) is
read from the same transaction before counting. Deleted or rewritten rows
simply stop matching. A database recreated under the process (tests) is
noticed by the sequence's identity and the cache starts again.
"""
from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import stats
from .compiler import TERM_TABLE

log = logging.getLogger(__name__)

# Which database and revision sequence the cached revisions belong to.
EPOCH_SQL = "current_database()::text, 'tdpf_search_rev_seq'::regclass::oid::text"
# Merge the small segments added by recent writes into one past this many.
MAX_SEGMENTS = 8
# Reload everything instead of adding rows one search at a time when a
# search finds this many uncached rows (after a rebuild, say) or when old
# row versions would outnumber the rows loaded.
RELOAD_AT = 10_000

Execute = Callable[..., Any]


# metadata_modified as microseconds since 1970 (exact in a float64; NULL: NaN)
MODIFIED_SQL = "extract(epoch from metadata_modified) * 1000000"


@dataclass
class _Segment:
    """Row versions sorted by rev; the terms of row k are
    ``terms[starts[k]:starts[k + 1]]`` (local term ids)."""
    revs: np.ndarray    # int64
    starts: np.ndarray  # int64, len(revs) + 1
    terms: np.ndarray   # int32
    modified: np.ndarray  # float64, per row
    ids: np.ndarray       # bytes (numpy "S"), per row: the id column is collated "C"
    _totals: np.ndarray | None = field(default=None, repr=False)

    def totals(self) -> np.ndarray:
        """Rows per term over the whole segment (computed once: it never changes)."""
        if self._totals is None:
            self._totals = np.bincount(self.terms)
        return self._totals

    def find(self, revs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per rev, its index here and whether this segment holds it."""
        if not len(self.revs):
            return np.zeros(len(revs), np.int64), np.zeros(len(revs), bool)
        pos = np.searchsorted(self.revs, revs)
        pos[pos >= len(self.revs)] = 0
        return pos, self.revs[pos] == revs

    def terms_of(self, rows: np.ndarray) -> np.ndarray:
        """The concatenated terms of these rows (cost: their own terms only)."""
        first, lengths = self.starts[rows], self.starts[rows + 1] - self.starts[rows]
        total = int(lengths.sum())
        ends = np.cumsum(lengths)
        index = np.arange(total) + np.repeat(first - (ends - lengths), lengths)
        return self.terms[index]


Row = tuple  # (rev, facet term hashes, modified µs or None, id)


def _segment(rows: list[Row], term_ids: Callable) -> _Segment:
    rows = sorted(rows)
    revs = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    starts = np.zeros(len(rows) + 1, np.int64)
    np.cumsum(np.fromiter((len(r[1]) for r in rows), np.int64, len(rows)), out=starts[1:])
    hashes = np.fromiter((h for r in rows for h in r[1]), np.int64, int(starts[-1]))
    modified = np.array([np.nan if r[2] is None else float(r[2]) for r in rows], np.float64)
    ids = _id_array([r[3].encode() for r in rows])
    return _Segment(revs, starts, term_ids(hashes), modified, ids)


def _split(blob: bytes, lengths: np.ndarray) -> np.ndarray:
    ends = np.cumsum(lengths).tolist()
    return _id_array([blob[a:b] for a, b in itertools.pairwise([0, *ends])])


def _id_array(ids: list[bytes]) -> np.ndarray:
    return np.array(ids, dtype=f"S{max(map(len, ids), default=1) or 1}")


def _merge(segments: list[_Segment]) -> _Segment:
    revs = np.concatenate([s.revs for s in segments])
    order = np.argsort(revs, kind="stable")
    # one CSR over all segments: shift each segment's starts past the last
    shifts = np.cumsum([0] + [len(s.terms) for s in segments[:-1]])
    starts = np.concatenate([s.starts[:-1] + k for s, k in zip(segments, shifts, strict=False)]
                            + [np.array([sum(len(s.terms) for s in segments)])])
    modified = np.concatenate([s.modified for s in segments])
    ids = np.concatenate([s.ids.astype(object) for s in segments])
    whole = _Segment(revs, starts, np.concatenate([s.terms for s in segments]), modified, ids)
    lengths = (starts[1:] - starts[:-1])[order]
    new_starts = np.zeros(len(order) + 1, np.int64)
    np.cumsum(lengths, out=new_starts[1:])
    return _Segment(revs[order], new_starts, whole.terms_of(order), modified[order],
                    _id_array(ids[order].tolist()))


class FacetCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset(None)

    def _reset(self, epoch: Any) -> None:
        self.epoch = epoch
        self.segments: list[_Segment] = []
        self.term_hash: list[int] = []
        self.term_id: dict[int, int] = {}
        self.term_value: list[str | None] = []
        self.term_field = np.empty(0, np.int32)  # index into self.fields, -1 unknown
        self.fields: list[str] = []
        self.loaded_rows = 0
        self.added_rows = 0

    @property
    def loaded(self) -> bool:
        """Whether this process holds the rows (a faceted search or warm()
        loaded them); processes that never facet (harvest imports) do not."""
        return self.epoch is not None

    # -- terms ---------------------------------------------------------------------
    def _term_ids(self, hashes: np.ndarray) -> np.ndarray:
        unique, inverse = np.unique(hashes, return_inverse=True)
        local = np.empty(len(unique), np.int32)
        new = []
        for n, h in enumerate(unique.tolist()):
            tid = self.term_id.get(h)
            if tid is None:
                tid = self.term_id[h] = len(self.term_hash)
                self.term_hash.append(h)
                self.term_value.append(None)
                new.append(h)
            local[n] = tid
        if new:
            self._name(new)
        return local[inverse].astype(np.int32)

    def _name(self, hashes: list[int]) -> None:
        fields = np.full(len(self.term_hash), -1, np.int32)
        fields[:len(self.term_field)] = self.term_field
        index = {f: n for n, f in enumerate(self.fields)}
        for h, fld, value in self._execute(
                f"SELECT hash, field, value FROM {TERM_TABLE} WHERE hash = ANY(%s)",
                [hashes]):
            if fld not in index:
                index[fld] = len(self.fields)
                self.fields.append(fld)
            tid = self.term_id[h]
            fields[tid] = index[fld]
            self.term_value[tid] = value
        self.term_field = fields

    # -- filling -----------------------------------------------------------------
    def _add(self, rows: list[Row]) -> None:
        if not rows:
            return
        self.segments.append(_segment(rows, self._term_ids))
        self.added_rows += len(rows)
        stats.FACET_CACHE_ROWS.set(self.loaded_rows + self.added_rows)
        if len(self.segments) > MAX_SEGMENTS:
            self.segments = [_merge(self.segments)]

    def _load_all(self, epoch: Any, table: str) -> None:
        # As three aggregates, parsed by numpy: much faster than row by row
        # (bench/README.md, facet cache).
        self._reset(epoch)
        revs, lengths, hashes, modified, id_lengths, ids = self._execute(f"""
            SELECT string_agg(int8send(rev), ''::bytea ORDER BY rev),
                   string_agg(int4send(cardinality(facet_terms)), ''::bytea ORDER BY rev),
                   string_agg(array_to_string(facet_terms, ' '), ' ' ORDER BY rev),
                   string_agg(float8send(coalesce({MODIFIED_SQL}, 'NaN')), ''::bytea
                              ORDER BY rev),
                   string_agg(int4send(octet_length(id)), ''::bytea ORDER BY rev),
                   string_agg(convert_to(id, 'UTF8'), ''::bytea ORDER BY rev)
            FROM {table}""").one()
        revs = np.frombuffer(bytes(revs or b""), ">i8").astype(np.int64)
        starts = np.zeros(len(revs) + 1, np.int64)
        np.cumsum(np.frombuffer(bytes(lengths or b""), ">i4"), out=starts[1:])
        terms = np.fromstring(hashes or "", dtype=np.int64, sep=" ")
        self.segments = [_Segment(
            revs, starts, self._term_ids(terms),
            np.frombuffer(bytes(modified or b""), ">f8").astype(np.float64),
            _split(bytes(ids or b""), np.frombuffer(bytes(id_lengths or b""), ">i4")))]
        self.loaded_rows = len(revs)
        stats.FACET_CACHE_ROWS.set(self.loaded_rows)

    def _locate(self, epoch: Any, revs: np.ndarray, table: str) -> list[_Found]:
        """Where each of these revisions is, after reading those not held."""
        if epoch != self.epoch:
            stats.lookups(stats.FACET_CACHE_LOOKUPS, 0, 1)
            self._load_all(epoch, table)
        found = [_Found(seg, *seg.find(revs)) for seg in self.segments]
        held = np.zeros(len(revs), bool)
        for f in found:
            held |= f.hit
        missing = revs[~held]
        if not len(missing):
            stats.lookups(stats.FACET_CACHE_LOOKUPS, 1, 0)
            return found
        stats.lookups(stats.FACET_CACHE_LOOKUPS, 0, 1)
        if len(missing) >= RELOAD_AT or self.added_rows + len(missing) > max(
                self.loaded_rows, RELOAD_AT):
            self._load_all(epoch, table)
        else:
            self._add([tuple(r) for r in self._execute(
                f"SELECT rev, facet_terms, {MODIFIED_SQL}, id FROM {table} "
                "WHERE rev = ANY(%s)", [missing.tolist()])])
        return [_Found(seg, *seg.find(revs)) for seg in self.segments]

    def warm(self, execute: Execute, table: str) -> None:
        """Load every row now (a web worker at start), not in a user's search."""
        with self._lock:
            self._execute = execute
            epoch = tuple(execute(f"SELECT {EPOCH_SQL}").one())
            self._load_all(epoch, table)

    # -- reading -----------------------------------------------------------------
    def read(self, epoch: Any, revs: np.ndarray, fields: list[str], mincount: int,
             execute: Execute, table: str, sort_keys: bool = False) -> Facts:
        """Facet counts over the rows with these revisions, and (``sort_keys``)
        each row's metadata_modified and id in the order of ``revs``."""
        with self._lock:
            self._execute = execute
            found = self._locate(epoch, revs, table)
            facts = Facts(self._count(found, fields, mincount) if fields else {})
            if sort_keys:
                facts.modified, facts.ids = self._sort_keys(found, len(revs))
            return facts

    def _count(self, found: list[_Found], fields: list[str],
               mincount: int) -> dict[str, list[tuple[str, int]]]:
        counts = np.zeros(len(self.term_hash), np.int64)
        for f in found:
            rows = f.pos[f.hit]
            if len(rows) > len(f.seg.revs) // 2:
                # most of the segment (*:*): its totals less the rows not matched
                others = np.ones(len(f.seg.revs), bool)
                others[rows] = False
                totals = f.seg.totals()
                counts[:len(totals)] += totals
                counts -= np.bincount(f.seg.terms_of(np.nonzero(others)[0]),
                                      minlength=len(counts))
            elif len(rows):
                counts += np.bincount(f.seg.terms_of(rows), minlength=len(counts))
        wanted = [n for n, f in enumerate(self.fields) if f in fields]
        hits = np.nonzero((counts >= mincount) & np.isin(self.term_field, wanted))[0]
        out: dict[str, list[tuple[str, int]]] = {f: [] for f in fields}
        for t, n in zip(hits.tolist(), counts[hits].tolist(), strict=True):
            out[self.fields[self.term_field[t]]].append((self.term_value[t], n))
        return out

    def _sort_keys(self, found: list[_Found], n: int) -> tuple[np.ndarray, np.ndarray]:
        modified = np.full(n, np.nan)
        width = max((f.seg.ids.dtype.itemsize for f in found), default=1)
        ids = np.zeros(n, f"S{width}")
        for f in found:
            modified[f.hit] = f.seg.modified[f.pos[f.hit]]
            ids[f.hit] = f.seg.ids[f.pos[f.hit]]
        return modified, ids


@dataclass
class _Found:
    """Per searched revision: its index in ``seg`` and whether ``seg`` holds it."""
    seg: _Segment
    pos: np.ndarray
    hit: np.ndarray


@dataclass
class Facts:
    facets: dict[str, list[tuple[str, int]]]
    modified: np.ndarray | None = None  # float64 µs, NaN: none
    ids: np.ndarray | None = None       # bytes


CACHE = FacetCache()


def warm_in_background() -> threading.Thread:
    """Fill CACHE from a thread of its own (its own database session); a
    search arriving meanwhile waits for it instead of loading again."""
    def run() -> None:
        from ckan import model

        from .statement import TABLE, execute
        try:
            CACHE.warm(execute, TABLE)
            log.info("facet cache: %d index rows loaded", CACHE.loaded_rows)
        except Exception as e:  # noqa: BLE001  (e.g. migrations not applied yet: load on first search)
            log.warning("facet cache not preloaded: %s", e)
        finally:
            model.Session.remove()
    thread = threading.Thread(target=run, name="tdpf-facet-cache", daemon=True)
    thread.start()
    return thread
