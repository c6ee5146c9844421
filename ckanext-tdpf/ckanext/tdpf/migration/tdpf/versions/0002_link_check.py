"""Link-check results of the data rate: one row per (dataset, URL).

Revision ID: 0002_link_check
Revises: 0001_search_index
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_link_check"
down_revision = "0001_search_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_link_check",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("url", sa.UnicodeText, primary_key=True),
        sa.Column("status", sa.Integer),
        sa.Column("error", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )
    # the scheduler looks for the datasets checked longest ago
    op.create_index("tdpf_link_check_checked_at", "tdpf_link_check", ["checked_at"])


def downgrade():
    op.drop_table("tdpf_link_check")
