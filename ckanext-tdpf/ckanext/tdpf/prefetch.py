"""Lookups that index hooks make once per dataset, answered per chunk.

A bulk index (``search/bulk.py``) handles datasets in chunks. Inside
``chunk(package_ids)``, a :class:`Lookup` answers from memory: keyed by
dataset id, from one query for the whole chunk (``many``); keyed by
anything else (an organisation), from its single query, remembered until
the chunk ends. Outside a chunk it runs its single query as before, so
every other caller sees no change.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

_local = threading.local()


class Lookup:
    """``one(key)`` as a function, with chunk-wide answers.

    ``many(package_ids) -> {package_id: value}`` (optional) must answer for
    every id it is given; ids it leaves out get ``default``. Values are
    shared within a chunk: callers must not change them.
    """

    def __init__(self, one: Callable[[Any], Any],
                 many: Callable[[list[str]], Mapping[str, Any]] | None = None,
                 default: Any = None):
        self.one, self.many, self.default = one, many, default

    def __call__(self, key: Hashable) -> Any:
        table = self._table()
        if table is None:
            return self.one(key)
        if key not in table:
            table[key] = self.one(key)
        return table[key]

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """``{key: value}`` for the keys whose value is not the default,
        from ``many`` (in a chunk: for the keys it has not answered yet)."""
        if self.many is None:
            raise TypeError("this lookup has no function for many keys")
        table = self._table()
        if table is None:
            return dict(self.many(keys)) if keys else {}
        missing = [k for k in keys if k not in table]
        if missing:
            found = self.many(missing)
            table.update({k: found.get(k, self.default) for k in missing})
        return {k: table[k] for k in keys if table[k] != self.default}

    def _table(self) -> dict | None:
        scope = getattr(_local, "scope", None)
        if scope is None:
            return None
        table = scope["tables"].get(self)
        if table is None:
            table = scope["tables"][self] = {}
            if self.many is not None and scope["ids"]:
                found = self.many(scope["ids"])
                table.update({k: found.get(k, self.default) for k in scope["ids"]})
        return table


@contextlib.contextmanager
def chunk(package_ids: list[str]) -> Iterator[None]:
    """Lookups made inside answer for these datasets from one query each."""
    previous = getattr(_local, "scope", None)
    _local.scope = {"ids": list(package_ids), "tables": {}}
    try:
        yield
    finally:
        _local.scope = previous


def active() -> bool:
    return getattr(_local, "scope", None) is not None
