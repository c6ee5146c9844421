"""Replaces ``ckan.model.User.get``, ``User.by_name`` and ``Group.get`` on
one thread while a harvest batch creates its datasets: each answer found is
remembered for the batch (:func:`remembered`).

For each dataset, package_create and its activity look the site user up by
name three times (owner_org_validator, package_create itself, the activity)
and the organisation twice (owner_org_validator, package_owner_org_update):
these are queries, which the session's identity map does not answer. In a
batch they return the same rows for every dataset, so the first answer
found is reused (a miss is asked again). The batch's transaction changes
neither row. Other threads get the real lookups.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from ckan import model

from . import active, per_thread

REPLACES = "User.get, User.by_name and Group.get during harvest batches"
WRITTEN_FOR = {"ckan": "2.12.0", "sqlalchemy": "2.0.51"}
IF_OTHER_VERSION = "Each lookup of a harvest batch asks the database (slower)."

LOOKUPS = ((model.User, "get"), (model.User, "by_name"), (model.Group, "get"))


def _remembering(real: Callable[..., Any]) -> Callable[..., Any]:
    memo: dict[tuple, Any] = {}

    def lookup(*args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items())))
        found = memo.get(key)
        if found is None:
            found = memo[key] = real(*args, **kwargs)
            if found is None:
                del memo[key]
        return found
    return lookup


@contextlib.contextmanager
def remembered() -> Iterator[None]:
    """The lookups' answers remembered on this thread meanwhile."""
    with contextlib.ExitStack() as stack:
        if active("model_lookups"):
            for cls, name in LOOKUPS:
                stack.enter_context(per_thread.replaced(cls, name, _remembering))
        yield
