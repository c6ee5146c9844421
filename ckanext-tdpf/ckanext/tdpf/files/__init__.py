"""The file pipeline: every CSV/TSV/XLSX/XLS resource is fetched once per
version under the outbound policy, fingerprinted, and analysed on that one
local copy (machine-readability, standard datasets, DataStore preview, the
trust plugin's personal-data scan through ``IFileAnalysers``).

- :mod:`.analysers`: the local copy handed to analysers, the ordered list;
- :mod:`.pipeline`: the job (fetch if changed, hash, analyse, store);
- :mod:`.queue`: its queue, the scheduled re-check, the operators' status;
- :mod:`.model`: the state per resource, the versions of each file.

Public facade for the rest of the bundle::

    from ckanext.tdpf import files
    files.takes(resource_dict)           # does the pipeline read this resource?
    files.analysis(resource_id, name)    # bring it up to date, one analyser's result
    files.current(resource_ids)          # state and current version of each
"""
from __future__ import annotations

from typing import Any

__all__ = ["analysis", "current", "takes"]


def takes(resource: dict[str, Any]) -> bool:
    """The pipeline reads this resource's file (a tabular upload, or a
    remote tabular file of a public dataset). ``resource`` needs ``id``."""
    from ckan import model

    from . import pipeline
    res = model.Resource.get(resource.get("id") or "")
    pkg = res and model.Package.get(res.package_id)
    if res is None or pkg is None:
        return False
    return pipeline.takes(pkg, {**pipeline._resource_dict(res), "state": res.state})


def analysis(resource_id: str, name: str, *, wait: float | None = None) -> dict[str, Any]:
    """Bring the resource's file up to date (fetched only when it changed)
    and answer ``{"state", "message", "sha256", "size", "format",
    "result", "error"}``: the file's state, and analyser ``name``'s result
    (or error) on its current version. Waits up to ``wait`` seconds (default:
    the job timeout) for another worker checking the same file."""
    from .. import config as tdpf_config
    from . import pipeline
    pipeline.process(resource_id,
                     wait=tdpf_config.files_job_timeout() if wait is None else wait)
    found = current([resource_id]).get(resource_id) or {}
    return {"state": found.get("state"), "message": found.get("message", ""),
            "sha256": found.get("sha256", ""), "size": found.get("size", 0),
            "format": found.get("format", ""),
            "result": (found.get("results") or {}).get(name),
            "error": (found.get("errors") or {}).get(name)}


def current(resource_ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{resource_id: {state, message, checked_at, sha256, size, format,
    results, errors, levels}}`` of the resources the pipeline has seen."""
    from ckan import model as ckan_model

    from .model import FileState, FileVersion
    if not resource_ids:
        return {}
    rows = (ckan_model.Session.query(FileState, FileVersion)
            .outerjoin(FileVersion, FileVersion.id == FileState.version_id)
            .filter(FileState.resource_id.in_(list(resource_ids))))
    found = {}
    for state, version in rows:
        found[state.resource_id] = {
            "state": state.state, "message": state.message,
            "checked_at": state.checked_at and state.checked_at.isoformat(),
            "sha256": version.sha256 if version else "",
            "size": version.size if version else 0,
            "format": version.format if version else "",
            "results": dict(version.results or {}) if version else {},
            "errors": dict(version.errors or {}) if version else {},
            "levels": ({"L1": version.l1, "L2": version.l2, "L3": version.l3}
                       if version and version.l1 is not None else None)}
    return found
