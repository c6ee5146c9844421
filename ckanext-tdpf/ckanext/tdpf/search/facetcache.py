"""Facet counts from a per-process copy of the index rows' facet terms.

Counting facets in SQL means unnesting ~20 term hashes for every matching
row: at 100,000 datasets a broad search spent most of its second there.
Instead, the search statement returns only the revision numbers of the
matching rows (search/statement.py) and the counting happens here, over
numpy arrays, in a few milliseconds whatever the number of matches.

Exactness: a row's ``rev`` changes on every write (a trigger, migration
0003), so the terms cached under a rev are those of that row version for
ever. The match set comes from the search's own snapshot; a rev not yet in
the cache (a row written since, even in the caller's open transaction) is
read from the same transaction before counting. Deleted or rewritten rows
simply stop matching. A database recreated under the process (tests) is
noticed by the sequence's identity and the cache starts again.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

TERM_TABLE = "tdpf_search_term"
# Merge the small segments added by recent writes into one past this many.
MAX_SEGMENTS = 8
# Reload everything instead of adding rows one search at a time when a
# search finds this many uncached rows (after a rebuild, say) or when old
# row versions would outnumber the rows loaded.
RELOAD_AT = 10_000

Execute = Callable[..., Any]


@dataclass
class _Segment:
    revs: np.ndarray    # int64, sorted, one per cached row version
    owner: np.ndarray   # int32: index into revs, one per term occurrence
    terms: np.ndarray   # int32: local term id, one per term occurrence


def _segment(rows: Iterable[tuple[int, list[int]]], term_ids: Callable) -> _Segment:
    rows = sorted(rows)
    revs = np.fromiter((r for r, _ in rows), np.int64, len(rows))
    lengths = np.fromiter((len(h) for _, h in rows), np.int64, len(rows))
    hashes = np.fromiter((h for _, hs in rows for h in hs), np.int64, int(lengths.sum()))
    owner = np.repeat(np.arange(len(rows), dtype=np.int32), lengths)
    return _Segment(revs, owner, term_ids(hashes))


def _merge(segments: list[_Segment]) -> _Segment:
    offsets = np.cumsum([0] + [len(s.revs) for s in segments[:-1]])
    revs = np.concatenate([s.revs for s in segments])
    owner = np.concatenate([s.owner + o for s, o in zip(segments, offsets)])
    terms = np.concatenate([s.terms for s in segments])
    order = np.argsort(revs, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return _Segment(revs[order], rank[owner].astype(np.int32), terms)


class FacetCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset(None)

    def _reset(self, epoch: Any) -> None:
        self.epoch = epoch
        self.segments: list[_Segment] = []
        self.term_hash: list[int] = []
        self.term_id: dict[int, int] = {}
        self.term_name: dict[int, tuple[str, str]] = {}  # hash -> (field, value)
        self.loaded_rows = 0
        self.added_rows = 0

    # -- term ids ----------------------------------------------------------------
    def _term_ids(self, hashes: np.ndarray) -> np.ndarray:
        unique, inverse = np.unique(hashes, return_inverse=True)
        local = np.empty(len(unique), np.int32)
        for n, h in enumerate(unique.tolist()):
            tid = self.term_id.get(h)
            if tid is None:
                tid = self.term_id[h] = len(self.term_hash)
                self.term_hash.append(h)
            local[n] = tid
        return local[inverse].astype(np.int32)

    # -- filling -----------------------------------------------------------------
    def _add(self, rows: list[tuple[int, list[int]]]) -> None:
        if not rows:
            return
        self.segments.append(_segment(rows, self._term_ids))
        self.added_rows += len(rows)
        if len(self.segments) > MAX_SEGMENTS:
            self.segments = [_merge(self.segments)]

    def _load_all(self, epoch: Any, execute: Execute, table: str) -> None:
        self._reset(epoch)
        self._add([tuple(r) for r in execute(f"SELECT rev, facet_terms FROM {table}")])
        self.loaded_rows, self.added_rows = self.added_rows, 0

    def _missing(self, revs: np.ndarray) -> np.ndarray:
        for seg in self.segments:
            if len(seg.revs) and len(revs):
                pos = np.searchsorted(seg.revs, revs)
                pos[pos >= len(seg.revs)] = 0
                revs = revs[seg.revs[pos] != revs]
        return revs

    def _refresh(self, epoch: Any, revs: np.ndarray, execute: Execute, table: str) -> None:
        if epoch != self.epoch:
            self._load_all(epoch, execute, table)
        missing = self._missing(revs)
        if not len(missing):
            return
        if len(missing) >= RELOAD_AT or self.added_rows + len(missing) > max(
                self.loaded_rows, RELOAD_AT):
            self._load_all(epoch, execute, table)
        else:
            self._add([tuple(r) for r in execute(
                f"SELECT rev, facet_terms FROM {table} WHERE rev = ANY(%s)",
                [missing.tolist()])])

    def _names(self, hashes: list[int], execute: Execute) -> None:
        unknown = [h for h in hashes if h not in self.term_name]
        if unknown:
            for h, fld, value in execute(
                    f"SELECT hash, field, value FROM {TERM_TABLE} WHERE hash = ANY(%s)",
                    [unknown]):
                self.term_name[h] = (fld, value)

    # -- counting ----------------------------------------------------------------
    def count(self, epoch: Any, revs: np.ndarray, fields: list[str], mincount: int,
              execute: Execute, table: str) -> dict[str, list[tuple[str, int]]]:
        """(value, count) per field over the rows with these revisions."""
        with self._lock:
            self._refresh(epoch, revs, execute, table)
            counts = np.zeros(len(self.term_hash), np.int64)
            for seg in self.segments:
                if not len(seg.revs):
                    continue
                pos = np.searchsorted(seg.revs, revs)
                pos[pos >= len(seg.revs)] = 0
                hit = pos[seg.revs[pos] == revs]
                if not len(hit):
                    continue
                mask = np.zeros(len(seg.revs), bool)
                mask[hit] = True
                counts += np.bincount(seg.terms[mask[seg.owner]], minlength=len(counts))
            found = np.nonzero(counts >= mincount)[0]
            hashes = [self.term_hash[t] for t in found.tolist()]
            self._names(hashes, execute)
            wanted = set(fields)
            out: dict[str, list[tuple[str, int]]] = {f: [] for f in fields}
            for h, n in zip(hashes, counts[found].tolist()):
                fld, value = self.term_name.get(h, (None, None))
                if fld in wanted:
                    out[fld].append((value, n))
            return out


CACHE = FacetCache()
