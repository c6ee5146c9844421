"""Organisation review, suspension and multi-factor authentication.

Revision ID: 0004_review_suspension_mfa
Revises: 0003_pii_scan
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_review_suspension_mfa"
down_revision = "0003_pii_scan"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
