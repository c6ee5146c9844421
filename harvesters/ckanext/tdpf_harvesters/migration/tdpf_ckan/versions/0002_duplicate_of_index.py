"""Index the records that point to a canonical one: every import asks
which records are duplicates of the datasets it writes, and the "also in"
snippet asks it per page view; without an index each question read the
whole table (its cost grew with the catalog).

Revision ID: 0002_duplicate_of_index
Revises: 0001_harvest_records
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_duplicate_of_index"
down_revision = "0001_harvest_records"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("tdpf_harvest_record_duplicate_of", "tdpf_harvest_record",
                    ["duplicate_of"], postgresql_where=sa.text("duplicate_of IS NOT NULL"))


def downgrade():
    op.drop_index("tdpf_harvest_record_duplicate_of", table_name="tdpf_harvest_record")
