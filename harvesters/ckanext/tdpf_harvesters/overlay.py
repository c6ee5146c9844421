"""Operator overlay: corrections of a harvested record's fields, stored
apart from the harvested content (``tdpf_harvest_overlay``, migration
0004) and applied over every import, so a re-harvest (even of a record
changed at the source) keeps our value. Each row also keeps the value the
last harvest brought, shown beside ours ("harvested value / our value");
removing a row writes that value back."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy import DateTime, UnicodeText
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import clock

#: the fields an overlay may correct: dataset field → its shape
TEXT = "text"
LIST = "list"
FIELDS: dict[str, str] = {
    "title": TEXT, "notes": TEXT, "tags": LIST, "theme": LIST, "focus_area": LIST,
    "municipality_codes": LIST, "provider_type": TEXT, "standard_dataset": TEXT,
    "license_id": TEXT,
}
#: their labels (msgids), in the order pages show them
LABELS: dict[str, str] = {
    "title": "Title", "notes": "Description", "tags": "Tags", "theme": "Theme",
    "focus_area": "TDPF focus area", "municipality_codes": "Municipalities covered",
    "provider_type": "Provider type", "standard_dataset": "Standard dataset type",
    "license_id": "Licence",
}


class HarvestOverlay(tk.BaseModel):
    __tablename__ = "tdpf_harvest_overlay"

    package_id: Mapped[str] = mapped_column(UnicodeText, primary_key=True)
    field: Mapped[str] = mapped_column(UnicodeText, primary_key=True)
    value: Mapped[str] = mapped_column(UnicodeText)  # JSON, in the field's shape
    harvested: Mapped[str] = mapped_column(UnicodeText)  # JSON: what the last harvest brought
    user_id: Mapped[str] = mapped_column(UnicodeText)
    modified: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def value_of(pkg: dict, field: str) -> Any:
    """A field of a dataset dict in the overlay's shape (text, or a list of text)."""
    raw = pkg.get(field)
    if FIELDS[field] == TEXT:
        return raw if isinstance(raw, str) else ""
    if field == "tags":
        return [t["name"] if isinstance(t, dict) else str(t) for t in raw or []]
    if isinstance(raw, str):  # a list the schema keeps as JSON text
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = [raw] if raw else []
    return [str(v) for v in raw or []] if isinstance(raw, list) else []


def as_dataset_value(field: str, value: Any) -> Any:
    """The overlay's value as the dataset dict takes it."""
    if field == "tags":
        return [{"name": name} for name in value]
    return value


def rows(package_id: str) -> dict[str, HarvestOverlay]:
    return {r.field: r for r in model.Session.execute(sa.select(HarvestOverlay).where(
        HarvestOverlay.package_id == package_id)).scalars()}


def corrected_fields(package_id: str) -> set[str]:
    """The fields an operator corrected (for pages that mark machine-made values)."""
    return set(rows(package_id)) if package_id else set()


def apply(pkg: dict) -> None:
    """Our values over a freshly mapped dataset dict (in the import's
    transaction); each row remembers what the harvest brought."""
    for field, row in rows(pkg["id"]).items():
        harvested = json.dumps(value_of(pkg, field), ensure_ascii=False)
        if row.harvested != harvested:
            row.harvested = harvested
        pkg[field] = as_dataset_value(field, json.loads(row.value))


def put(package_id: str, field: str, value: Any, current: dict, user_id: str) -> None:
    """Set our value of a field (the first correction remembers the
    dataset's value as the harvested one); flushed with the caller's update."""
    row = model.Session.get(HarvestOverlay, (package_id, field))
    if row is None:
        row = HarvestOverlay(package_id=package_id, field=field,
                             harvested=json.dumps(value_of(current, field), ensure_ascii=False))
        model.Session.add(row)
    row.value = json.dumps(value, ensure_ascii=False)
    row.user_id, row.modified = user_id, clock.now()


def listing(pkg: dict) -> list[dict]:
    """Every correctable field: harvested value, ours (None without an overlay)."""
    have = rows(pkg["id"])
    out = []
    for field in FIELDS:
        row = have.get(field)
        out.append({
            "field": field,
            "harvested": json.loads(row.harvested) if row else value_of(pkg, field),
            "ours": json.loads(row.value) if row else None,
            "modified": row.modified.isoformat() if row else None,
        })
    return out
