"""Our DataStore loader, on the file pipeline's one local copy.

Not ckanext-xloader: it downloads the resource URL again itself with plain
``requests`` (none of our outbound policy: private-address refusal, size
limit, per-host rate limit) and on its own queue, while the pipeline
already holds the checked copy. Here the copy is read twice, streaming:
once to infer the column types, once to COPY the rows into the table in
chunks (bounded memory whatever the file's size).

Gated resources (conditional, paid) are loaded too, so members with a
grant get the preview; every DataStore read of them is refused to
everyone else (``access``), so their table is never one anonymous users
can query."""
from __future__ import annotations

import contextlib
import io
import itertools
import logging
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.lib import datapreview
from ckan.types import Context

from .. import config as tdpf_config
from .. import csvexport
from . import columns as _columns
from . import rows as _rows
from .coordinates import coordinate_columns

log = logging.getLogger(__name__)

__all__ = ["load", "unload"]

_CHUNK = 5000  # rows per COPY


def _context() -> Context:
    site = tk.get_action("get_site_user")(cast("Context", {"ignore_auth": True}), {})
    return cast("Context", {"ignore_auth": True, "user": site["name"]})


def _data_rows(path: str, fmt: str, encoding: str | None):
    """(header, rows after it): the header is the first non-empty row."""
    stream = _rows.rows(path, fmt, encoding)
    for row in stream:
        if any(c.strip() for c in row):
            return row, (r for r in stream if any(c.strip() for c in r))
    return [], iter(())


def unload(resource_id: str) -> None:
    """Drop the resource's table (if any); the resource is no longer
    ``datastore_active``."""
    with contextlib.suppress(tk.ObjectNotFound):
        tk.get_action("datastore_delete")(_context(), {"resource_id": resource_id, "force": True})


# the DataStore's field types as PostgreSQL names them
_TYPE_NAMES = {"int8": "bigint", "numeric": "numeric", "text": "text"}


def _table_fields(resource_id: str) -> list[tuple[str, str]] | None:
    """The (name, type) of the resource's table's columns (not ``_id``,
    ``_full_text``), in order; None when it has no table."""
    from ckanext.datastore.backend.postgres import get_write_engine, identifier
    with get_write_engine().connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT a.attname, a.atttypid::regtype::text FROM pg_attribute a "
            "WHERE a.attrelid = to_regclass(%(table)s) AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY a.attnum",
            {"table": identifier(resource_id)}).fetchall()
    if not found:
        return None
    return [(name, kind) for name, kind in found if name not in ("_id", "_full_text")]


def _same_table(existing: list[tuple[str, str]] | None, fields: list[dict[str, str]]) -> bool:
    return existing == [(f["id"], _TYPE_NAMES.get(f["type"], f["type"])) for f in fields]


def _copy_rows(resource_id: str, names: list[str], data, limit: int, *,
               truncate: bool = False) -> int:
    """COPY ``data`` (at most ``limit`` rows) into the table, one chunk at
    a time; ``truncate``: emptied first, in the same transaction (readers
    see the old rows until the new ones are committed)."""
    from ckanext.datastore.backend.postgres import get_write_engine, identifier
    width = len(names)
    statement = "COPY {} ({}) FROM STDIN WITH (FORMAT csv, NULL '')".format(
        identifier(resource_id), ", ".join(identifier(n) for n in names))
    loaded = 0
    connection = get_write_engine().raw_connection()
    try:
        cursor = connection.cursor()
        if truncate:
            cursor.execute(f"TRUNCATE {identifier(resource_id)} RESTART IDENTITY")
        rows = itertools.islice(data, limit)
        while True:
            chunk = list(itertools.islice(rows, _CHUNK))
            if not chunk:
                break
            buffer = io.StringIO()
            writer = csvexport.machine_writer(buffer)
            for row in chunk:
                cells = [c.strip() for c in row[:width]] + [""] * (width - len(row))
                # a quoted empty string is "", not NULL: text cells stay ""
                writer.writerow(cells)
            buffer.seek(0)
            cursor.copy_expert(statement, buffer)  # pyright: ignore[reportAttributeAccessIssue]
            loaded += len(chunk)
        connection.commit()
    except Exception:
        connection.rollback()
        raise
    finally:
        connection.close()
    return loaded


def load(copy: Any) -> dict[str, Any]:
    """Load the copy's table into the DataStore under its resource's id
    (replacing an older version's table) and add the default views. A new
    version with the same columns (names and types) only replaces the rows
    (TRUNCATE and COPY): the table, its data dictionary and views stay, and
    the resource is not updated (CKAN's datastore_create patches it, with
    every dataset hook and a reindex).

    Returns ``rows`` (loaded), ``fields`` ([{id, type}]), ``truncated``
    (more rows than ``ckanext.tdpf.preview.max_rows``), ``gated``; or
    ``loaded: False`` with the reason when the file has no header."""
    resource_id = copy.resource["id"]
    limit = tdpf_config.preview_max_rows()
    header, data = _data_rows(copy.path, copy.format, copy.encoding)
    if not header:
        unload(resource_id)
        return {"loaded": False, "reason": "no header row"}
    found = _columns.Columns(_columns.column_names(header))
    for row in itertools.islice(data, limit + 1):
        found.see(row)
    truncated = found.rows > limit
    fields = [{"id": n, "type": t} for n, t in zip(found.names, found.types(), strict=True)]
    existing = _table_fields(resource_id)
    _, data = _data_rows(copy.path, copy.format, copy.encoding)
    if _same_table(existing, fields) and copy.resource.get("datastore_active"):
        loaded = _copy_rows(resource_id, found.names, data, limit, truncate=True)
    else:
        context = _context()
        if existing is not None:
            unload(resource_id)
        tk.get_action("datastore_create")(context, {
            "resource_id": resource_id, "force": True, "fields": fields, "records": []})
        loaded = _copy_rows(resource_id, found.names, data, limit)
        _default_views(context, resource_id, found.names)
    log.info("preview: %s rows of resource %s in the DataStore", loaded, resource_id)
    return {"loaded": True, "rows": loaded, "fields": fields, "truncated": truncated,
            "gated": bool(copy.gated), "wider_rows": found.wider}


def _default_views(context: Context, resource_id: str, names: list[str]) -> None:
    """datatables_view as CKAN adds the DataStore's default views, and the
    map view when the table has coordinates (a view CKAN adds by default
    only when a file is created, not when its table appears): only the
    views the resource has not got yet."""
    resource = tk.get_action("resource_show")(context, {"id": resource_id})
    package = tk.get_action("package_show")(context, {"id": resource["package_id"]})
    tk.get_action("resource_create_default_resource_views")(context, {
        "resource": resource, "package": package, "create_datastore_views": True})
    # the view type is registered (by our IResourceView), not "is a plugin loaded"
    if not (datapreview.get_view_plugin("tdpf_map_view") and coordinate_columns(names)):
        return
    views = tk.get_action("resource_view_list")(context, {"id": resource_id})
    if not any(v["view_type"] == "tdpf_map_view" for v in views):
        tk.get_action("resource_view_create")(context, {
            "resource_id": resource_id, "view_type": "tdpf_map_view", "title": tk._("Map")})
