"""The search index's large columns compressed with LZ4 instead of pglz.

Quoted phrases that mix scripts or spaces are checked against each
candidate's token positions, read from TOAST: at 100,000 datasets
decompressing those vectors was most of such a search (公衆無線LAN: 2,533
candidates, 18-30 ms with pglz, 9-13 ms with LZ4). LZ4 also compresses
several times faster, which every index write pays for.

Rows keep their pglz values until written again (`ckan search-index
rebuild` rewrites all). A server built without LZ4 keeps pglz.

Revision ID: 0004_search_lz4
Revises: 0003_search_rev
Create Date: 2026-11-26
"""
from __future__ import annotations

import logging

from alembic import op

revision = "0004_search_lz4"
down_revision = "0003_search_rev"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

COLUMNS = ("search_all", "search_fields", "search_pos", "terms", "stored",
           "data_dict", "validated_data_dict")


def _set(method: str) -> None:
    op.execute("ALTER TABLE tdpf_search_index "
               + ", ".join(f"ALTER COLUMN {c} SET COMPRESSION {method}" for c in COLUMNS))


def upgrade():
    bind = op.get_bind()
    supported = bind.exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    ).scalar()
    if not supported:
        log.warning("PostgreSQL without LZ4: the search index stays compressed with pglz")
        return
    _set("lz4")


def downgrade():
    _set("pglz")
