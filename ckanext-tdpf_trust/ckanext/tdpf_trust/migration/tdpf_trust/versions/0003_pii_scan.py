"""Personal-data scan results and their resolutions.

Revision ID: 0003_pii_scan
Revises: 0002_warranty_withdrawal
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_pii_scan"
down_revision = "0002_warranty_withdrawal"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
