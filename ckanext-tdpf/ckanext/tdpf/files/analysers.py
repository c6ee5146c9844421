"""The analysers the file pipeline runs on its one local copy of a file.

Each analyser is a callable ``(copy) -> dict | None``. The core's own are
listed in :data:`CORE` (readability, standard datasets, the DataStore
preview); plugins add theirs through
:class:`ckanext.tdpf.interfaces.IFileAnalysers` and run after the core's.
A result is stored with the file's version under the analyser's name."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins as p

from ..interfaces import IFileAnalysers

__all__ = ["CORE", "Analyser", "Copy", "all_analysers"]

FORMATS = ("csv", "tsv", "xlsx", "xls")


@dataclass(frozen=True)
class Copy:
    """The pipeline's local copy of one version of a resource's file.

    ``format`` is one of :data:`FORMATS`; ``encoding`` the text encoding of
    a CSV/TSV when known (None: the analyser decides); ``gated``: the
    dataset's content is shown only with a grant (an analyser must not put
    any of it where users without one can read it)."""

    path: str
    format: str
    sha256: str
    size: int
    resource: dict[str, Any] = field(default_factory=dict)
    package: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    gated: bool = False


Analyser = Callable[[Copy], "dict[str, Any] | None"]


def _later(module: str, name: str) -> Analyser:
    """An analyser whose module is imported when it first runs (the
    analysers' modules import heavy readers the web process never needs)."""
    def run(copy: Copy) -> dict[str, Any] | None:
        return getattr(importlib.import_module(module), name)(copy)
    run.__name__ = name
    run.__qualname__ = f"{module}.{name}"
    return run


# name -> analyser, in the order they run. "readability" first: its report
# is what the data rate shows; "standards" reads the same columns.
CORE: dict[str, Analyser] = {
    "readability": _later("ckanext.tdpf.files.core", "readability"),
    "standards": _later("ckanext.tdpf.files.core", "standards"),
    "preview": _later("ckanext.tdpf.files.core", "preview"),
}


def all_analysers() -> dict[str, Analyser]:
    """The core's analysers, then each IFileAnalysers plugin's, in order; a
    plugin cannot replace a core analyser of the same name."""
    found = dict(CORE)
    for plugin in p.PluginImplementations(IFileAnalysers):
        for name, analyser in plugin.file_analysers().items():
            found.setdefault(name, analyser)
    return found
