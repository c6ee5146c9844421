"""What people searched for (the search log and its click-throughs) and
how often open data is viewed and downloaded (daily counts, flushed from
Redis). No IP address or user id in any of them.

Revision ID: 0006_searchlog_usage
Revises: 0005_file_pipeline
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_searchlog_usage"
down_revision = "0005_file_pipeline"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_search_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("time", sa.DateTime, nullable=False),  # naive UTC
        sa.Column("query", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("filters", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("result_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lang", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("source", sa.UnicodeText, nullable=False, server_default="web"),
        sa.Column("clicked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("tdpf_search_log_time", "tdpf_search_log", ["time"])
    op.create_table(
        "tdpf_search_click",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("time", sa.DateTime, nullable=False),
        sa.Column("search_id", sa.BigInteger,
                  sa.ForeignKey("tdpf_search_log.id", ondelete="SET NULL")),
        sa.Column("query", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("filters", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("dataset_id", sa.UnicodeText, nullable=False),
    )
    op.create_index("tdpf_search_click_time", "tdpf_search_click", ["time"])
    op.create_index("tdpf_search_click_dataset", "tdpf_search_click", ["dataset_id"])
    op.create_table(
        "tdpf_usage_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.UnicodeText, primary_key=True),  # view | download
        sa.Column("dataset_id", sa.UnicodeText, primary_key=True),
        sa.Column("resource_id", sa.UnicodeText, primary_key=True, server_default=""),
        sa.Column("count", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_index("tdpf_usage_daily_dataset", "tdpf_usage_daily", ["dataset_id"])
    op.create_table(
        "tdpf_usage_flush",  # batches applied: a retried flush never counts twice
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("time", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("tdpf_usage_flush")
    op.drop_table("tdpf_usage_daily")
    op.drop_table("tdpf_search_click")
    op.drop_table("tdpf_search_log")
