"""Pages (news, events, policy pages; every edit a new version) and the
users' acceptance of the policy versions.

Revision ID: 0005_pages_terms
Revises: 0004_review_suspension_mfa
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_pages_terms"
down_revision = "0004_review_suspension_mfa"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_trust_page",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("event_type", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("event_start", sa.DateTime),
        sa.Column("place", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("registration_url", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="active"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText, nullable=False, server_default=""),
        sa.UniqueConstraint("name", "version", name="tdpf_trust_page_name_version"),
    )
    op.create_index("tdpf_trust_page_kind", "tdpf_trust_page", ["kind", "created"])
    op.create_table(
        "tdpf_trust_terms_acceptance",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("accepted", sa.DateTime, nullable=False),
    )
    op.create_index("tdpf_trust_terms_acceptance_user", "tdpf_trust_terms_acceptance",
                    ["user_id", "name"])


def downgrade():
    op.drop_table("tdpf_trust_terms_acceptance")
    op.drop_table("tdpf_trust_page")
