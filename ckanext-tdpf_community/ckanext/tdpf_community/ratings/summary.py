"""A dataset's usefulness rating as the page and the search index show it:
the average and count of the ratings shown (not hidden, not of suspended
users). The bulk index reads them for a whole chunk at once."""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import sqlalchemy as sa

from ckan import model

from .. import posts
from .model import Rating

#: index fields: the average as "4.50" (the backend sorts strings byte by
#: byte: one digit before the point sorts right), the band "4" of 4.00-4.99
AVERAGE, COUNT, BAND = "tdpf_rating_average", "tdpf_rating_count", "tdpf_rating_band"
SORT = f"{AVERAGE} desc, metadata_modified desc"
_prefetched = threading.local()


def _rows(package_ids: list[str]) -> dict[str, list[Rating]]:
    out: dict[str, list[Rating]] = {i: [] for i in package_ids}
    for row in model.Session.execute(sa.select(Rating).where(
            Rating.package_id.in_(package_ids))).scalars():
        out[row.package_id].append(row)
    return out


def of(package_id: str) -> tuple[float | None, int]:
    """(average, count); average None when nobody rated it."""
    cache = getattr(_prefetched, "rows", None)
    rows = cache[package_id] if cache is not None and package_id in cache \
        else _rows([package_id])[package_id]
    scores = [row.score for row in posts.visible(rows, False)]
    if not scores:
        return None, 0
    return round(sum(scores) / len(scores), 2), len(scores)


def index_fields(pkg_dict: dict) -> dict:
    """The before_dataset_index hook: the rating fields of the document."""
    average, count = of(pkg_dict["id"])
    if average is not None:
        pkg_dict[AVERAGE] = f"{average:.2f}"
        pkg_dict[COUNT] = count
        pkg_dict[BAND] = str(min(5, int(average)))
    return pkg_dict


@contextlib.contextmanager
def prefetch(package_ids: list[str]) -> Iterator[None]:
    """IBulkIndexLookups: one query for the ratings of a chunk."""
    _prefetched.rows = _rows(package_ids)
    try:
        yield
    finally:
        _prefetched.rows = None
