"""Replaces, for one ``activity_diff`` call, the data of the stored
activities CKAN's action reads (``Activity.data`` of the activity and of
the one before it, in the session's identity map) with masked copies; when
the one before is a resource view's activity (no dataset in it), with the
dataset's snapshot before that, so the diff shows the dataset's change.

CKAN's ``activity_diff`` (ckanext-activity) reads these rows from the
session and diffs their stored dataset dicts: what a plugin chains onto
``activity_show`` (the market hides the URLs of conditional and paid
resources) never applies. :func:`masked` hands the rows' data to ``mask``
first, sets the masked copies as the rows' committed values (the rows are
not marked changed, nothing is written) and expires the rows afterwards.
"""
from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from typing import Any

REPLACES = "Activity.data read by activity_diff"
WRITTEN_FOR = {"ckan": "2.12.0", "sqlalchemy": "2.0.51"}
# the masking uses SQLAlchemy's public API; only which rows CKAN reads is
# CKAN's: leaving it off would show the hidden URLs in every diff
KEEP_ON_OTHER_VERSIONS = True
IF_OTHER_VERSION = ("Kept on: check that activity_diff still reads the activity and "
                    "the one before it, else hidden resource URLs may show in diffs.")


def install(on: bool) -> None:
    """Nothing to patch ahead: :func:`masked` works per call."""


def stored(activity_id: str) -> Any:
    """The stored activity, or None."""
    from ckan import model

    from ckanext.activity.model import Activity

    return model.Session.get(Activity, activity_id) if activity_id else None


def _snapshot_before(row: Any) -> Any:
    """The newest activity of the same dataset older than ``row`` that holds
    the dataset (views' activities do not), or None."""
    import sqlalchemy as sa

    from ckan import model

    from ckanext.activity.model import Activity

    older = model.Session.execute(
        sa.select(Activity).where(Activity.object_id == row.object_id,
                                  Activity.timestamp < row.timestamp)
        .order_by(Activity.timestamp.desc()).limit(50)).scalars()
    return next((a for a in older if "package" in (a.data or {})), None)


@contextlib.contextmanager
def masked(activity: Any, mask: Callable[[list[dict[str, Any]]], None]) -> Iterator[None]:
    """``activity`` and the one before it (what activity_diff reads) carry
    the data ``mask`` leaves of theirs (it gets ``[{"data": ...}, ...]``
    and changes the dicts in place) while the block runs."""
    import sqlalchemy as sa
    from sqlalchemy.orm.attributes import set_committed_value

    from ckan import model

    from ckanext.activity.model import Activity

    rows = model.Session.execute(
        sa.select(Activity).where(Activity.object_id == activity.object_id,
                                  Activity.timestamp <= activity.timestamp)
        .order_by(Activity.timestamp.desc()).limit(2)).scalars().all()
    for row in rows:
        if "package" not in (row.data or {}):
            # CKAN diffs against the activity just before, even a resource
            # view's (no dataset in its data: the 変更 page answered 404 after
            # any view was added, and the range of changes walks through
            # them); the dataset as it was then is the snapshot before that
            earlier = _snapshot_before(row)
            if earlier is not None:
                set_committed_value(row, "data", copy.deepcopy(earlier.data))
    copies = [{"data": copy.deepcopy(row.data)} for row in rows]
    mask(copies)
    for row, masked_copy in zip(rows, copies, strict=False):
        set_committed_value(row, "data", masked_copy["data"])
    try:
        with model.Session.no_autoflush:
            yield
    finally:
        for row in rows:
            model.Session.expire(row)
