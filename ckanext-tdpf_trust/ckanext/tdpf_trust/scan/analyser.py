"""The scan on the core's file pipeline (ckanext.tdpf.files): tabular
files are fetched once by the pipeline, which hands its local copy to
:func:`scan_copy` (registered through ``IFileAnalysers``); the scan job
reads that result instead of fetching the file itself
(:func:`from_pipeline`)."""
from __future__ import annotations

from typing import Any

from . import config, scanner

NAME = "personal_data"


def scan_copy(copy) -> dict[str, Any]:
    """Analyser: the scan report of the pipeline's copy, JSON-ready."""
    if copy.size > config.max_bytes():
        return {"too_large": copy.size}
    report = scanner.scan_path(copy.path, copy.format,
                               name=copy.resource.get("url") or "",
                               json_max_bytes=config.json_max_bytes())
    if report is None:
        return {"report": None}
    return {"report": {"format": report.format, "encoding": report.encoding,
                       "tables": report.tables, "rows": report.rows,
                       "notes": list(report.notes),
                       "findings": [f.as_dict() for f in report.findings]}}


def file_analysers() -> dict:
    return {NAME: scan_copy} if config.enabled() else {}


def _report(stored: dict[str, Any]) -> scanner.Report:
    report = scanner.Report(format=stored["format"], encoding=stored.get("encoding", ""),
                            tables=stored.get("tables", 0), rows=stored.get("rows", 0),
                            notes=list(stored.get("notes") or []))
    report.findings = [scanner.Finding(**f) for f in stored.get("findings") or []]
    return report


class PipelineFailed(Exception):
    """The pipeline could not read the file, or the scan failed on it."""


def from_pipeline(resource_id: str) -> tuple[Any, str] | None:
    """``(report or None, sha256)`` of the resource's current file from the
    pipeline; ``report`` is a :class:`scanner.Report`, or None for a format
    the scanner does not read, or the dict ``{"too_large": size}``. None:
    the pipeline does not take this file as a table (the scan reads it)."""
    from ckanext.tdpf import files
    if not files.takes({"id": resource_id}):
        return None
    got = files.analysis(resource_id, NAME)
    state = got["state"]
    if state == "not_tabular":
        return None
    if state == "too_large":
        from ckanext.tdpf import config as core_config
        return {"too_large": core_config.files_max_bytes()}, ""
    if state != "checked":
        raise PipelineFailed(got["message"] or f"file {state}")
    if got["error"]:
        raise PipelineFailed(f"scan failed: {got['error']}")
    result = got["result"] or {}
    if "too_large" in result:
        return {"too_large": result["too_large"]}, ""
    stored = result.get("report")
    return (_report(stored) if stored else None), got["sha256"]
