"""Replaces ``package_name_validator`` in CKAN's private validators cache
(``ckan.logic._validators_cache``) while a chunk of datasets is indexed.

CKAN validates each dataset it indexes against its default show schema,
which keeps the create schema's package_name_validator: a query per
dataset whether another dataset has its name. Its answer only adds to the
errors, which package_show_default_and_custom_schemas drops; it is still
asked, once for the chunk (:func:`answering`), and CKAN's validator runs as
ever, handed that answer in place of the query through its ``session``
argument (that call only: the thread's session is untouched). Switched off,
each dataset's validation asks the database.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

import ckan.logic.validators as ckan_validators
from ckan import logic, model

REPLACES = "package_name_validator in ckan.logic._validators_cache"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = "The name check of each dataset indexed asks the database (slower)."

_local = threading.local()
_state = {"enabled": False}


def install(on: bool) -> None:
    _state["enabled"] = on


@contextlib.contextmanager
def answering(pkgs: list[model.Package]) -> Iterator[None]:
    """The name check of these datasets' validation answered meanwhile."""
    if not _state["enabled"]:
        yield
        return
    previous = getattr(_local, "names", None)
    _local.names = _names_in_use(pkgs)
    try:
        with _name_validator_installed():
            yield
    finally:
        _local.names = previous


def _names_in_use(pkgs: list[model.Package]) -> dict[str, tuple[str, str | None]]:
    """{dataset id: (its name, id of the non-deleted dataset of that name)}"""
    names = {p.name for p in pkgs if p.name}
    table = model.package_table
    rows = model.Session.execute(select(table.c["name"], table.c["id"]).where(
        table.c["name"].in_(list(names)), table.c["state"] != model.State.DELETED)
    ).all() if names else []
    holder: dict[str, str] = {row[0]: row[1] for row in rows}
    return {p.id: (p.name, holder.get(p.name)) for p in pkgs}


def name_validator(key: Any, data: Any, errors: Any, context: Any) -> Any:
    """CKAN's package_name_validator; for a chunk's dataset being shown,
    with the answer to its query from :func:`_names_in_use`."""
    names = getattr(_local, "names", None)
    package = context.get("package")
    known = names.get(package.id) if names and package is not None else None
    if known is None or known[0] != data[key]:
        return _ckan_name_validator(key, data, errors, context)
    taken = known[1] is not None and known[1] != package.id
    answered: Any = dict(context, session=_AnsweredQuery(taken))
    return _ckan_name_validator(key, data, errors, answered)


class _AnsweredQuery:
    """The session package_name_validator asks ``query(...).filter(...)
    [.filter(...)]``, then ``query(q.exists()).scalar()``: answered."""

    def __init__(self, answer: bool) -> None:
        self._answer = answer

    def query(self, *_: Any) -> _AnsweredQuery:
        return self

    def filter(self, *_: Any) -> _AnsweredQuery:
        return self

    def exists(self) -> _AnsweredQuery:
        return self

    def scalar(self) -> bool:
        return self._answer


_ckan_name_validator = ckan_validators.package_name_validator


@contextlib.contextmanager
def _name_validator_installed() -> Iterator[None]:
    """Schemas built meanwhile get :func:`name_validator` (other threads
    too: outside a chunk it is CKAN's). Not if a plugin replaced CKAN's."""
    logic.get_validator("package_name_validator")  # fills CKAN's cache
    cache = logic._validators_cache
    if cache.get("package_name_validator") is not _ckan_name_validator:
        yield
        return
    cache["package_name_validator"] = name_validator
    try:
        yield
    finally:
        if cache.get("package_name_validator") is name_validator:
            cache["package_name_validator"] = _ckan_name_validator
