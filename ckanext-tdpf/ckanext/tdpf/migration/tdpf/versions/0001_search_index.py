"""PostgreSQL search index: one row per indexed dataset.

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
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText),
        sa.Column("site_id", sa.UnicodeText),
        sa.Column("state", sa.UnicodeText),
        sa.Column("metadata_modified", sa.DateTime(timezone=True)),
        sa.Column("metadata_created", sa.DateTime(timezone=True)),
        sa.Column("title_string", sa.UnicodeText(collation="C")),
        sa.Column("permission_labels", pg.ARRAY(sa.UnicodeText),
                  nullable=False, server_default="{}"),
        sa.Column("terms", pg.JSONB, nullable=False),
        sa.Column("stored", pg.JSONB, nullable=False),
        sa.Column("tsv", pg.TSVECTOR, nullable=False),
        sa.Column("data_dict", sa.UnicodeText),
        sa.Column("validated_data_dict", sa.UnicodeText),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_index("tdpf_search_index_tsv", "tdpf_search_index", ["tsv"],
                    postgresql_using="gin")
    op.create_index("tdpf_search_index_terms", "tdpf_search_index", ["terms"],
                    postgresql_using="gin")
    op.create_index("tdpf_search_index_labels", "tdpf_search_index",
                    ["permission_labels"], postgresql_using="gin")
    op.create_index("tdpf_search_index_modified", "tdpf_search_index",
                    ["metadata_modified"])
    op.create_index("tdpf_search_index_title", "tdpf_search_index",
                    ["title_string"])
    op.create_index("tdpf_search_index_name", "tdpf_search_index", ["name"])


def downgrade():
    op.drop_table("tdpf_search_index")
