"""The core's analysers (ckanext.tdpf.files.analysers.CORE): thin calls
into the readability rules, the standard-dataset validation and the
DataStore preview loader, each in its own package."""
from __future__ import annotations

import importlib
from typing import Any

from .analysers import Copy


def _module(name: str):
    """The package, or None while it is not installed in this tree."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def readability(copy: Copy) -> dict[str, Any] | None:
    """The Digital Agency's L1-L3 report (``Report.to_dict()``)."""
    mod = _module("ckanext.tdpf.readability")
    if mod is None:
        return None
    return mod.check_file(copy.path, copy.format, encoding=copy.encoding).to_dict()


def standards(copy: Copy) -> dict[str, Any] | None:
    """The standard dataset the columns match and its findings."""
    mod = _module("ckanext.tdpf.standards")
    if mod is None:
        return None
    columns = _columns(copy)
    declared = (copy.resource.get("standard_dataset") or copy.package.get("standard_dataset")
                or None)
    standard = declared or (mod.detect(columns) if columns else None)
    if not standard:
        return None
    found = mod.validate(copy.path, copy.format, standard, encoding=copy.encoding)
    return {"standard": standard, "declared": bool(declared),
            "findings": [_finding_dict(f) for f in found]}


def preview(copy: Copy) -> dict[str, Any] | None:
    """Load the table into the DataStore (never a gated one for anonymous
    readers: the loader decides with ``copy.gated``)."""
    mod = _module("ckanext.tdpf.preview")
    if mod is None or not hasattr(mod, "load"):
        return None
    return mod.load(copy)


def _finding_dict(finding: Any) -> dict[str, Any]:
    """A standards Finding as JSON (its to_dict(), as the readability Report's)."""
    if isinstance(finding, dict):
        return finding
    return finding.to_dict()


def _columns(copy: Copy) -> list[str]:
    """The header row of the first sheet or of the text table."""
    from . import tables
    return tables.header(copy.path, copy.format, copy.encoding)
