"""Standard datasets (自治体標準オープンデータセット): which one a table is,
and how it departs from that standard's columns.

``detect(columns) -> str | None`` names the standard ("aed") a header row
matches; ``validate(path, fmt, standard_id, encoding=None)`` reads the
file once (streamed) and returns :class:`~ckanext.tdpf.readability.Finding`
objects: missing, renamed or misspelt columns, values of the wrong type,
empty required values, local government codes failing their check digit,
coordinates outside Japan."""

from __future__ import annotations

from .schemas import schemas, standards
from .validate import detect, validate

__all__ = ["detect", "schemas", "standards", "validate"]
