"""Harvest records: one row per harvested dataset (source + remote id), and
the keys that reveal the same dataset arriving from several sources.

Revision ID: 0001_harvest_records
Revises:
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_harvest_records"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_harvest_record",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("source_id", sa.UnicodeText, nullable=False),
        sa.Column("guid", sa.UnicodeText, nullable=False),
        sa.Column("global_id", sa.UnicodeText, nullable=False),
        sa.Column("content_hash", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False),  # active | withdrawn
        sa.Column("provider_rank", sa.Integer, nullable=False),
        sa.Column("duplicate_of", sa.UnicodeText),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source_id", "guid", name="tdpf_harvest_record_source_guid"),
    )
    op.create_table(
        "tdpf_harvest_key",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("key", sa.UnicodeText, primary_key=True),
    )
    op.create_index("tdpf_harvest_key_key", "tdpf_harvest_key", ["key"])


def downgrade():
    op.drop_table("tdpf_harvest_key")
    op.drop_table("tdpf_harvest_record")
