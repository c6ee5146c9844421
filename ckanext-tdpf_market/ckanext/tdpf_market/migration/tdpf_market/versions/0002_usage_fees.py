"""Fee ledger (usage reports read the access log).

Revision ID: 0002_usage_fees
Revises: 0001_members_conditions_grants
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002_usage_fees"
down_revision = "0001_members_conditions_grants"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
