"""Warranties and scheduled withdrawals (trust issue, warranty and withdrawal part).

Revision ID: 0002_warranty_withdrawal
Revises: 0001_audit_log
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002_warranty_withdrawal"
down_revision = "0001_audit_log"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
