"""PostgreSQL search index: one row per indexed dataset, and the names of
facet terms.

Revision ID: 0001_search_index
Revises:
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0001_search_index"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_search_index",
        # byte order: sorting/grouping ids with a libc collation is ~100x slower
        sa.Column("id", sa.UnicodeText(collation="C"), primary_key=True),
        sa.Column("name", sa.UnicodeText(collation="C")),
        sa.Column("site_id", sa.UnicodeText),
        sa.Column("state", sa.UnicodeText),
        sa.Column("capacity", sa.UnicodeText),
        sa.Column("metadata_modified", sa.DateTime(timezone=True)),
        sa.Column("metadata_created", sa.DateTime(timezone=True)),
        sa.Column("title_string", sa.UnicodeText(collation="C")),
        sa.Column("permission_labels", pg.ARRAY(sa.UnicodeText),
                  nullable=False, server_default="{}"),
        # hashes of (field, value) of string fields: filters and facets
        sa.Column("facet_terms", pg.ARRAY(sa.BigInteger), nullable=False,
                  server_default="{}"),
        # every field as a list of strings: generic filters, ranges, exists
        sa.Column("terms", pg.JSONB, nullable=False),
        # the Solr-stored document, for `fl`
        sa.Column("stored", pg.JSONB, nullable=False),
        # lexemes without positions (exact GIN answers, no recheck)
        sa.Column("search_all", pg.TSVECTOR, nullable=False),
        sa.Column("search_fields", pg.TSVECTOR, nullable=False),
        # tokens with positions, for quoted phrases
        sa.Column("search_pos", pg.TSVECTOR, nullable=False),
        sa.Column("data_dict", sa.UnicodeText),
        sa.Column("validated_data_dict", sa.UnicodeText),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    # Keep what every search reads inside the row (MAIN) and move everything
    # big out to TOAST: a slim heap is what makes scans fast.
    for column in ("id", "name", "site_id", "state", "capacity", "title_string",
                   "permission_labels", "facet_terms"):
        op.execute(f"ALTER TABLE tdpf_search_index ALTER COLUMN {column} SET STORAGE MAIN")
    op.execute("ALTER TABLE tdpf_search_index SET (toast_tuple_target = 128)")
    for name, column, using in (
            ("all", "search_all", "gin"), ("fields", "search_fields", "gin"),
            ("pos", "search_pos", "gin"), ("facets", "facet_terms", "gin"),
            ("labels", "permission_labels", "gin"),
            ("modified", "metadata_modified", None),
            ("created", "metadata_created", None),
            ("title", "title_string", None), ("name", "name", None)):
        op.create_index(f"tdpf_search_index_{name}", "tdpf_search_index",
                        [column], postgresql_using=using or "btree")
    op.execute("CREATE INDEX tdpf_search_index_terms ON tdpf_search_index "
               "USING gin (terms jsonb_path_ops)")

    op.create_table(
        "tdpf_search_term",
        sa.Column("hash", sa.BigInteger, primary_key=True),
        sa.Column("field", sa.UnicodeText, nullable=False),
        sa.Column("value", sa.UnicodeText, nullable=False),
    )


def downgrade():
    op.drop_table("tdpf_search_term")
    op.drop_table("tdpf_search_index")
