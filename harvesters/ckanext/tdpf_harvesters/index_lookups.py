"""What ckanext-harvest's index hook asks per dataset, answered per chunk of
a bulk index (the core's ``IBulkIndexLookups``; the hook's stand-in is
ckanext.tdpf.compat.harvest_index_hook).

The hook wants each dataset's current harvest object, the one imported
last: one query for the chunk finds them (without their content).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import orm

from ckan import model

from ckanext.harvest.model import HarvestObject
from ckanext.tdpf import compat
from ckanext.tdpf.compat import harvest_index_hook


def current_objects(package_ids: list[str]) -> dict[str, Any]:
    """{dataset id: its current harvest object or None}. The hook's order:
    last imported first (PostgreSQL puts NULL first, as for the hook)."""
    rows = (model.Session.query(HarvestObject)
            .options(orm.defer(HarvestObject.content))
            .filter(HarvestObject.package_id.in_(package_ids),
                    HarvestObject.current == True)  # noqa: E712
            .order_by(HarvestObject.package_id, HarvestObject.import_finished.desc())
            .distinct(HarvestObject.package_id))
    found = {obj.package_id: obj for obj in rows}
    return {package_id: found.get(package_id) for package_id in package_ids}


def for_chunk(package_ids: list[str]) -> Any:
    """The hook's answers for these datasets (None: the hook asks itself)."""
    if not package_ids or not compat.active("harvest_index_hook"):
        return None
    return harvest_index_hook.answering(current_objects(package_ids))
