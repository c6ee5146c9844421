"""The acting user and the organisation looked up once per batch.

For each dataset, package_create and its activity look the site user up by
name three times (owner_org_validator, package_create itself, the activity)
and the organisation twice (owner_org_validator, package_owner_org_update):
``User.get``, ``User.by_name`` and ``Group.get`` are queries, which the
session's identity map does not answer. In a batch they return the same
rows for every dataset, so inside :func:`per_batch` the first answer found
is reused (a miss is asked again). The batch's transaction changes neither
row. The classes are patched for the batch's duration; other threads (a
reimport through the API runs in a web process) get the real lookups.
"""
from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from ckan import model

from . import patching

_LOOKUPS = ((model.User, "get"), (model.User, "by_name"), (model.Group, "get"))


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
def per_batch() -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for cls, name in _LOOKUPS:
            stack.enter_context(patching.for_this_thread(cls, name, _remembering))
        yield
