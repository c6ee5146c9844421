"""The file dimension of the data rate: what the file pipeline found in a
dataset's tabular files (the Digital Agency's L1-L3 scores, its findings,
the standard-dataset checks), and how it joins the metadata score.

- a file's **score** (0-100) is the mean of its judged levels' scores;
- a file's **level** (0-3) is how many levels, from L1 up, score at least
  :data:`PASS` (L2 counts only once L1 passes, as the agency's levels
  build on each other);
- a dataset's file score is the mean of its checked files' scores, its file
  level the lowest of their levels (what every one of its files reaches);
- the **overall** score (0-100) weighs the metadata score (MQA points out of
  405, as a percentage) and the file score :data:`WEIGHTS`; a dataset with
  no checked file is rated on its metadata alone.

Gated (conditional or paid) files: their scores, rule ids and places are
shown to everyone who sees the dataset, but the values seen in the cells
(``seen``) only to those who may read the content
(:func:`ckanext.tdpf.preview.access.may_read`)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import prefetch
from .score import MAX_SCORE, RATINGS

__all__ = ["LEVELS", "PASS", "WEIGHTS", "dataset_files", "file_level", "file_score",
           "index_fields", "overall", "resource_files"]

LEVELS = ("L1", "L2", "L3")
PASS = 80
# (metadata, files) shares of the overall score
WEIGHTS = (0.6, 0.4)


def file_score(levels: Mapping[str, int | None] | None) -> int | None:
    judged = [v for v in (levels or {}).values() if v is not None]
    return round(sum(judged) / len(judged)) if judged else None


def file_level(levels: Mapping[str, int | None] | None) -> int | None:
    if not levels or all(levels.get(k) is None for k in LEVELS):
        return None
    reached = 0
    for key in LEVELS:
        value = levels.get(key)
        if value is None:  # a level none of whose rules applies does not block
            reached += 1
            continue
        if value < PASS:
            break
        reached += 1
    return reached


def _findings(entry: Mapping[str, Any]) -> list[dict[str, Any]]:
    results = entry.get("results") or {}
    found = list((results.get("readability") or {}).get("findings") or [])
    found += list((results.get("standards") or {}).get("findings") or [])
    return [dict(f) for f in found]


def _failed(entry: Mapping[str, Any]) -> list[str]:
    results = entry.get("results") or {}
    failed = list((results.get("readability") or {}).get("failed") or [])
    failed += sorted({f["rule_id"] for f in (results.get("standards") or {}).get("findings") or []
                      if f.get("rule_id")})
    return failed


def _one(resource: Mapping[str, Any], entry: Mapping[str, Any], content: bool,
         lang: str) -> dict[str, Any]:
    levels = entry.get("levels")
    findings = _findings(entry)
    for f in findings:
        f["title"] = f.get("title_en") if lang == "en" else f.get("title_ja")
        f["fix"] = f.get("fix_en") if lang == "en" else f.get("fix_ja")
        if not content:
            f["seen"] = ""
    standards = (entry.get("results") or {}).get("standards") or {}
    return {"resource_id": resource["id"], "name": resource.get("name") or "",
            "state": entry.get("state"), "format": entry.get("format") or "",
            "checked_at": entry.get("checked_at"),
            "levels": levels, "score": file_score(levels), "level": file_level(levels),
            "standard": standards.get("standard"), "failed": _failed(entry),
            "findings": findings, "content_withheld": not content, "pass_score": PASS}


def resource_files(resources: Iterable[Mapping[str, Any]], user: str | None,
                   lang: str = "ja") -> list[dict[str, Any]]:
    """Each resource the pipeline has seen, in order: state, levels, score,
    level, failed rule ids and findings (without cell values for a gated
    file the user may not read)."""
    from .. import files
    from ..preview.access import may_read
    resources = [r for r in resources if r.get("id")]
    entries = files.current([r["id"] for r in resources])
    return [_one(r, entries[r["id"]], may_read(user, r["id"]), lang)
            for r in resources if r["id"] in entries]


def dataset_files(rated: list[dict[str, Any]]) -> dict[str, Any]:
    """A dataset's file dimension from its :func:`resource_files`."""
    scored = [r for r in rated if r["score"] is not None]
    return {"score": round(sum(r["score"] for r in scored) / len(scored)) if scored else None,
            "level": min(r["level"] for r in scored) if scored else None,
            "checked": len(scored), "seen": len(rated)}


def overall(metadata_score: int, files_score: int | None) -> dict[str, Any]:
    """The combined score (0-100) and its rating (the metadata rating's
    bands, as shares of 405 points)."""
    meta = 100 * metadata_score / MAX_SCORE
    value = meta if files_score is None else WEIGHTS[0] * meta + WEIGHTS[1] * files_score
    score = round(value)
    key = next(k for k, low, _ja, _en in RATINGS if value >= 100 * low / MAX_SCORE)
    return {"score": score, "max_score": 100, "rating": key,
            "files_counted": files_score is not None,
            "weights": [round(100 * w) for w in WEIGHTS]}


# -- the search index ------------------------------------------------------------
def _levels_of(package_ids: list[str]) -> dict[str, dict[str, dict]]:
    """{package_id: {resource_id: levels}} of the checked files' current
    versions, in one query."""
    from ckan import model

    from ..files.model import FileState, FileVersion
    found: dict[str, dict[str, dict]] = {}
    if not package_ids:
        return found
    rows = (model.Session.query(FileState.package_id, FileState.resource_id,
                                FileVersion.l1, FileVersion.l2, FileVersion.l3)
            .join(FileVersion, FileVersion.id == FileState.version_id)
            .filter(FileState.package_id.in_(package_ids)))
    for package_id, resource_id, l1, l2, l3 in rows:
        if l1 is None and l2 is None and l3 is None:
            continue
        found.setdefault(package_id, {})[resource_id] = {"L1": l1, "L2": l2, "L3": l3}
    return found


_levels_lookup = prefetch.Lookup(lambda pid: _levels_of([pid]).get(pid, {}),
                                 many=_levels_of, default={})


def index_fields(pkg: Mapping[str, Any]) -> dict[str, Any]:
    """``file_level`` and ``file_score`` of a search document (left out
    while none of the dataset's files has been checked)."""
    if not pkg.get("id"):
        return {}
    active = {r.get("id") for r in pkg.get("resources") or []
              if r.get("state", "active") == "active"}
    levels = [v for rid, v in (_levels_lookup(pkg["id"]) or {}).items() if rid in active]
    scores = [s for s in map(file_score, levels) if s is not None]
    if not scores:
        return {}
    reached = [lv for lv in map(file_level, levels) if lv is not None]
    return {"file_score": round(sum(scores) / len(scores)), "file_level": min(reached)}
