"""Showcases' decision reason, notices' kind, the per-kind mail setting and
the operators' last review of new posts.

Revision ID: 0002_showcases_queue
Revises: 0001_community
Create Date: 2026-12-08
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002_showcases_queue"
down_revision = "0001_community"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("tdpf_community_showcase", sa.Column("reason", sa.UnicodeText))
    op.add_column("tdpf_community_showcase", sa.Column("modified", sa.DateTime))
    op.add_column("tdpf_community_notice", sa.Column("kind", sa.UnicodeText))
    op.add_column("tdpf_community_setting", sa.Column("mail_off", JSONB))
    op.create_table(
        "tdpf_community_review",
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("reviewed_at", sa.DateTime, nullable=False))


def downgrade():
    op.drop_table("tdpf_community_review")
    op.drop_column("tdpf_community_setting", "mail_off")
    op.drop_column("tdpf_community_notice", "kind")
    op.drop_column("tdpf_community_showcase", "modified")
    op.drop_column("tdpf_community_showcase", "reason")
