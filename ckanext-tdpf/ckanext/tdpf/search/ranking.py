"""Ranking and paging in the process, for the orders most searches use
(``score`` and/or ``metadata_modified``).

The search statement returns the revisions of all matching rows (for the
facet counts). A match's score is, per query word, the weights of the tiers
(title/name, tags, description) holding it: set membership of its
revision. The tier sets are cached here per (column, tsquery) and kept
exact without re-asking PostgreSQL, because a revision's content never
changes (migration 0003): each entry also remembers which revisions it has
decided, and only revisions it has not yet seen (rows written since) are
looked up, by revision. The page is then picked from the matches'
revisions, modification times and ids (facetcache) without sorting all of
them.

Before, each search made PostgreSQL look up every tier set again (three
GIN scans per word, as long as the match itself for a common word) and
number and sort the matches.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import config as tdpf_config
from . import stats
from .compiler import TABLE, RankTerm, text_match
from .fields import TIERS

# Words beyond this still filter, but no longer add to the ranking.
MAX_RANKED_TERMS = 8
# Weight of a match by where it is: title/name 8 > tags 4 + description 2;
# written as asked (not another spelling, see variants.py) anywhere adds 1,
# so the exact spelling ranks above a variant in the same place.
TIER_WEIGHTS = {"A": 8, "B": 4, "C": 2}
EXACT_WEIGHT = 1
# "Any of the words" (mm=1): each word found counts more than all the tiers
# of the others together, so results rank by how many words they hold.
COUNT_WEIGHT = (sum(TIER_WEIGHTS.values()) + EXACT_WEIGHT) * (MAX_RANKED_TERMS - 1) + 1
_TIER_FIELDS = {tier: [f for f, t in TIERS.items() if t == tier] for tier in TIER_WEIGHTS}
# Up to this many revisions a cached tier set has not seen are looked up one
# by one; more (a rebuild, a new filter) recompute the set.
LOOKUP_AT = 2000
# The orders ranked here; any other goes through SQL (statement.py).
ORDERS = {"score", "metadata_modified"}
_SHIFT = 2 ** 53  # metadata_modified in µs fits below this until year 2255
# scores are sums of tier weights, below 1024 (8 words x (COUNT_WEIGHT + 15));
# with µs below 2**53 the packed key stays below 2**63
_SCORE_SPAN = 1024

Execute = Callable[..., Any]


@dataclass(frozen=True)
class Tier:
    weight: int
    column: str
    tsquery: str


def tiers(terms: list[RankTerm], by_count: bool = False) -> list[Tier]:
    """The tier sets a search's score is made of, per query word; with
    ``by_count``, also the set of rows holding the word at all.

    A phrase ranks by its words' presence in the tier: the match already
    requires adjacency, and checking it per tier would read every
    candidate's token positions from TOAST. It is exact, so it has no
    exact-spelling tier."""
    out = []
    for term in terms[:MAX_RANKED_TERMS]:
        for tier, weight in TIER_WEIGHTS.items():
            found = text_match(term.value, _TIER_FIELDS[tier], term.wildcard)
            if found is not None:
                out.append(Tier(weight, *found))
        if not term.phrase:
            found = text_match(term.value, None, term.wildcard, exact=True)
            if found is not None:
                out.append(Tier(EXACT_WEIGHT, *found))
        if by_count:
            found = text_match(term.value, None, term.wildcard, term.phrase)
            if found is not None:
                out.append(Tier(COUNT_WEIGHT, *found))
    return out


def tier_set_sql(tier: Tier, param: str) -> str:
    """The statement part (kind 't', labelled ``param``) giving one tier
    set's revisions; the tsquery is the parameter ``param``."""
    return (f"SELECT 't', '{param}', NULL, NULL::bigint, string_agg(int8send(x.rev), ''::bytea) "
            f"FROM {TABLE} x WHERE x.{tier.column} @@ %({param})s::tsquery")


def revisions(blob: Any) -> np.ndarray:
    return np.sort(np.frombuffer(bytes(blob or b""), ">i8").astype(np.int64))


def contains(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per value, whether it is in ``sorted_values``."""
    if not len(sorted_values):
        return np.zeros(len(values), bool)
    pos = np.searchsorted(sorted_values, values)
    pos[pos >= len(sorted_values)] = 0
    return sorted_values[pos] == values


@dataclass
class _Entry:
    members: np.ndarray  # sorted revisions in the tier set
    decided: np.ndarray  # sorted revisions whose membership is known

    @property
    def size(self) -> int:
        return self.members.nbytes + self.decided.nbytes


class TierCache:
    def __init__(self, max_bytes: int | None = None) -> None:
        self._lock = threading.Lock()
        self.max_bytes = max_bytes  # None: ckanext.tdpf.search.rank_cache_mb
        self.clear(None)

    def clear(self, epoch: Any) -> None:
        self.epoch = epoch
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._bytes = 0
        self._report()

    def _report(self) -> None:
        stats.RANK_CACHE_BYTES.set(self._bytes)
        stats.RANK_CACHE_ENTRIES.set(len(self._entries))

    def missing(self, wanted: list[Tier]) -> list[Tier]:
        """The tiers without an entry (to compute with the search itself;
        entries of another database are found out of date later)."""
        with self._lock:
            missing = [t for t in wanted if (t.column, t.tsquery) not in self._entries]
        stats.lookups(stats.RANK_CACHE_LOOKUPS, len(wanted) - len(missing), len(missing))
        return missing

    def store(self, epoch: Any, tier: Tier, members: np.ndarray, matched: np.ndarray) -> _Entry:
        """A tier set computed in the same snapshot as ``matched`` (sorted):
        membership is then known for the matches and for the members."""
        return self._put(epoch, tier, _Entry(members, np.union1d(members, matched)))

    def _put(self, epoch: Any, tier: Tier, entry: _Entry) -> _Entry:
        with self._lock:
            if epoch != self.epoch:
                self.clear(epoch)
            key = (tier.column, tier.tsquery)
            old = self._entries.pop(key, None)
            self._bytes -= old.size if old else 0
            self._entries[key] = entry
            self._bytes += entry.size
            limit = self.max_bytes
            if limit is None:
                limit = tdpf_config.search_rank_cache_bytes()
            while self._bytes > limit and len(self._entries) > 1:
                self._bytes -= self._entries.popitem(last=False)[1].size
            self._report()
            return entry

    def scores(self, epoch: Any, wanted: list[Tier], matched: np.ndarray,
               execute: Execute) -> np.ndarray:
        """The score of each (sorted) matched revision."""
        entries, undecided = {}, {}
        with self._lock:
            for tier in wanted:
                entry = self._entries.get((tier.column, tier.tsquery))
                if entry is not None and epoch == self.epoch:
                    self._entries.move_to_end((tier.column, tier.tsquery))
                    entries[tier] = entry
                    unknown = matched[~contains(entry.decided, matched)]
                    if len(unknown):
                        undecided[tier] = unknown
                else:
                    undecided[tier] = matched  # evicted meanwhile
        if undecided:
            entries.update(self._complete(epoch, entries, undecided, matched, execute))
        score = np.zeros(len(matched))
        for tier in wanted:
            score += tier.weight * contains(entries[tier].members, matched)
        return score

    def _complete(self, epoch: Any, entries: dict[Tier, _Entry],
                  undecided: dict[Tier, np.ndarray], matched: np.ndarray,
                  execute: Execute) -> dict[Tier, _Entry]:
        """Decide the revisions the cached sets have not seen: by revision
        when they are few, else by computing the set again."""
        few = {t: u for t, u in undecided.items() if len(u) <= LOOKUP_AT and t in entries}
        many = [t for t in undecided if t not in few]
        done = {}
        if few:
            revs = np.unique(np.concatenate(list(few.values())))
            tests = list(few)
            sql = ("SELECT x.rev, " + ", ".join(f"x.{t.column} @@ %s::tsquery" for t in tests)
                   + f" FROM {TABLE} x WHERE x.rev = ANY(%s)")
            rows = execute(sql, [t.tsquery for t in tests] + [revs.tolist()]).all()
            for n, tier in enumerate(tests):
                found = np.array([r[0] for r in rows if r[n + 1]], np.int64)
                old = entries[tier]
                done[tier] = self._put(epoch, tier, _Entry(
                    np.union1d(old.members, found), np.union1d(old.decided, few[tier])))
        if many:
            params = {f"t{n}": t.tsquery for n, t in enumerate(many)}
            sql = " UNION ALL ".join(f"({tier_set_sql(t, f't{n}')})"
                                     for n, t in enumerate(many))
            sets = {label: revisions(blob) for _, label, _, _, blob in execute(sql, params)}
            for n, tier in enumerate(many):
                done[tier] = self.store(epoch, tier, sets[f"t{n}"], matched)
        return done


def page_order(keys: list[tuple[str, str]], score: np.ndarray, modified: np.ndarray,
               ids: np.ndarray, start: int, rows: int) -> np.ndarray:
    """Indexes of the page's matches in order: ``keys`` (name, ASC|DESC;
    each of score and metadata_modified at most once, NULLS LAST), then id.

    The keys are packed into one int64 (score < 128, µs < 2**53), so the
    page is found by a partition instead of a sort of all matches."""
    key = np.zeros(len(score), np.int64)
    for name, direction in keys:
        if name == "score":
            part = score.astype(np.int64).clip(0, _SCORE_SPAN - 1)
            key = key * _SCORE_SPAN + (_SCORE_SPAN - 1 - part if direction == "DESC" else part)
        else:
            mod = np.nan_to_num(modified, nan=-1.0).clip(-1, _SHIFT - 2).astype(np.int64)
            null = mod < 0
            mod = _SHIFT - 2 - mod if direction == "DESC" else mod
            mod[null] = _SHIFT - 1
            key = key * _SHIFT + mod
    end = min(start + rows, len(key))
    if end <= start:
        return np.empty(0, np.int64)
    if end < len(key):
        # everything ordered before the end-th, ties at the boundary included
        bound = np.partition(key, end - 1)[end - 1]
        candidates = np.nonzero(key <= bound)[0]
    else:
        candidates = np.arange(len(key))
    order = candidates[np.lexsort((ids[candidates], key[candidates]))]
    return order[start:end]


CACHE = TierCache()
