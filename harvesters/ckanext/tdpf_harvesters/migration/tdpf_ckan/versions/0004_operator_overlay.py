"""Operator overlay: our corrections of harvested records' fields, kept
apart from the harvested content and applied over every import.

Revision ID: 0004_operator_overlay
Revises: 0003_waiting_objects_index
Create Date: 2026-12-08
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_operator_overlay"
down_revision = "0003_waiting_objects_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_harvest_overlay",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("field", sa.UnicodeText, primary_key=True),
        sa.Column("value", sa.UnicodeText, nullable=False),  # JSON
        sa.Column("harvested", sa.UnicodeText, nullable=False),  # JSON
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("tdpf_harvest_overlay")
