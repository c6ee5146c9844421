"""Wraps ``ckanext.harvest.queue.fetch_and_import_stages``, which sets each
object's ``report_status`` after the harvester's import stage: a dataset
that came back at the source (withdrawn, then listed again) was reported
"updated". When the import stage marked the object restored
(:data:`RESTORED`, an attribute of that object: the TDPF harvesters set
it), the status is ``"restored"``; job stats (``harvest_job_show``) count
it under that name.
"""
from __future__ import annotations

from typing import Any

REPLACES = "ckanext.harvest.queue.fetch_and_import_stages (report_status of restores)"
WRITTEN_FOR = {"ckanext-harvest": "1.6.3"}
IF_OTHER_VERSION = "Restored datasets are reported as updated."
RESTORED = "tdpf_restored"

_original: dict[str, Any] = {}


def fetch_and_import_stages(harvester: Any, obj: Any) -> None:
    _original["fn"](harvester, obj)
    if getattr(obj, RESTORED, False) and obj.report_status == "updated":
        obj.report_status = "restored"
        obj.save()


def install(on: bool) -> None:
    from ckanext.harvest import queue

    original = _original.setdefault("fn", queue.fetch_and_import_stages)
    queue.fetch_and_import_stages = fetch_and_import_stages if on else original
