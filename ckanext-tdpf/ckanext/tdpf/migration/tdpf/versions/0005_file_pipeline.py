"""The file pipeline: each resource's state and the versions of its file
with the analysers' results.

Revision ID: 0005_file_pipeline
Revises: 0004_search_lz4
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_file_pipeline"
down_revision = "0004_search_lz4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_file_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("sha256", sa.UnicodeText, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("format", sa.UnicodeText, nullable=False),
        sa.Column("encoding", sa.UnicodeText),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float, nullable=False, server_default="0"),
        sa.Column("results", postgresql.JSONB, nullable=False, server_default="{}"),
        sa.Column("errors", postgresql.JSONB, nullable=False, server_default="{}"),
        # the readability levels, copied out of results for the report and the index
        sa.Column("l1", sa.Integer),
        sa.Column("l2", sa.Integer),
        sa.Column("l3", sa.Integer),
        sa.UniqueConstraint("resource_id", "sha256", name="tdpf_file_version_resource_sha"),
    )
    op.create_index("tdpf_file_version_package", "tdpf_file_version", ["package_id"])
    op.create_table(
        "tdpf_file_state",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("source", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("etag", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("last_modified", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("tdpf_file_version.id",
                                                          ondelete="SET NULL")),
        sa.Column("fetches", sa.Integer, nullable=False, server_default="0"),
        sa.Column("queued_at", sa.DateTime(timezone=True)),
        sa.Column("checked_at", sa.DateTime(timezone=True)),
    )
    op.create_index("tdpf_file_state_package", "tdpf_file_state", ["package_id"])
    # the scheduler looks for the remote files checked longest ago
    op.create_index("tdpf_file_state_checked_at", "tdpf_file_state", ["checked_at"])


def downgrade():
    op.drop_table("tdpf_file_state")
    op.drop_table("tdpf_file_version")
