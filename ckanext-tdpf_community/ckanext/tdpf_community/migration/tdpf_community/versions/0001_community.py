"""Community tables: data requests and votes, comments, ratings, showcases,
reports, notifications and their per-user setting.

Revision ID: 0001_community
Revises:
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_community"
down_revision = None
branch_labels = None
depends_on = None


def _post() -> list[sa.Column]:
    """The columns every post has (posts.Hideable)."""
    return [sa.Column("user_id", sa.UnicodeText, nullable=False),
            sa.Column("created", sa.DateTime),
            sa.Column("hidden_reason", sa.UnicodeText),
            sa.Column("hidden_by", sa.UnicodeText),
            sa.Column("hidden_at", sa.DateTime)]


def upgrade():
    op.create_table(
        "tdpf_community_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("purpose", sa.UnicodeText),
        sa.Column("area", sa.UnicodeText),
        sa.Column("period", sa.UnicodeText),
        sa.Column("description", sa.UnicodeText),
        sa.Column("theme", sa.UnicodeText),
        sa.Column("organization_id", sa.UnicodeText, index=True),
        sa.Column("status", sa.UnicodeText, nullable=False, index=True),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("datasets", JSONB),
        sa.Column("modified", sa.DateTime),
        *_post())
    op.create_table(
        "tdpf_community_vote",
        sa.Column("request_id", sa.UnicodeText, primary_key=True),
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("created", sa.DateTime))
    op.create_table(
        "tdpf_community_comment",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("subject_type", sa.UnicodeText, nullable=False),
        sa.Column("subject_id", sa.UnicodeText, nullable=False),
        sa.Column("parent_id", sa.UnicodeText),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("resource_id", sa.UnicodeText),
        sa.Column("row", sa.UnicodeText),
        sa.Column("by_provider", sa.Boolean),
        *_post())
    op.create_index("tdpf_community_comment_subject", "tdpf_community_comment",
                    ["subject_type", "subject_id"])
    op.create_table(
        "tdpf_community_rating",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("score", sa.SmallInteger, nullable=False),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("modified", sa.DateTime),
        *_post(),
        sa.UniqueConstraint("package_id", "user_id"))
    op.create_table(
        "tdpf_community_showcase",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText),
        sa.Column("image_url", sa.UnicodeText),
        sa.Column("url", sa.UnicodeText),
        sa.Column("author", sa.UnicodeText),
        sa.Column("theme", sa.UnicodeText),
        sa.Column("datasets", JSONB),
        sa.Column("state", sa.UnicodeText, nullable=False, index=True),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("decided_at", sa.DateTime),
        *_post())
    op.create_table(
        "tdpf_community_report",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("object_type", sa.UnicodeText, nullable=False),
        sa.Column("object_id", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("created", sa.DateTime),
        sa.Column("resolved_by", sa.UnicodeText),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("outcome", sa.UnicodeText))
    op.create_table(
        "tdpf_community_notice",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("subject", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText),
        sa.Column("params", JSONB),
        sa.Column("link", sa.UnicodeText),
        sa.Column("created", sa.DateTime),
        sa.Column("read", sa.Boolean))
    op.create_table(
        "tdpf_community_setting",
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("mail", sa.Boolean))


def downgrade():
    for table in ("setting", "notice", "report", "showcase", "rating", "comment", "vote",
                  "request"):
        op.drop_table(f"tdpf_community_{table}")
