"""Organisation review, suspension and multi-factor authentication.

Revision ID: 0004_review_suspension_mfa
Revises: 0003_pii_scan
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_review_suspension_mfa"
down_revision = "0003_pii_scan"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_trust_org_review",
        sa.Column("organization_id", sa.UnicodeText, primary_key=True),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="pending"),
        sa.Column("requested_by", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("reason", sa.UnicodeText, nullable=False, server_default=""),
    )
    op.create_index("tdpf_trust_org_review_state", "tdpf_trust_org_review", ["state"])
    op.create_table(
        "tdpf_trust_suspension",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("object_type", sa.UnicodeText, nullable=False),
        sa.Column("object_id", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText, nullable=False),
        sa.Column("lifted_at", sa.DateTime),
        sa.Column("lifted_by", sa.UnicodeText),
        sa.Column("lift_reason", sa.UnicodeText),
    )
    # at most one active suspension per user/organisation
    op.create_index("tdpf_trust_suspension_active", "tdpf_trust_suspension",
                    ["object_type", "object_id"], unique=True,
                    postgresql_where=sa.text("lifted_at IS NULL"))
    op.create_table(
        "tdpf_trust_mfa",
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("secret", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("confirmed", sa.DateTime),
        sa.Column("last_step", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "tdpf_trust_mfa_recovery",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("code_hash", sa.UnicodeText, nullable=False),
        sa.Column("used", sa.DateTime),
    )
    op.create_index("ix_tdpf_trust_mfa_recovery_user_id", "tdpf_trust_mfa_recovery",
                    ["user_id"])


def downgrade():
    op.drop_table("tdpf_trust_mfa_recovery")
    op.drop_table("tdpf_trust_mfa")
    op.drop_table("tdpf_trust_suspension")
    op.drop_table("tdpf_trust_org_review")
