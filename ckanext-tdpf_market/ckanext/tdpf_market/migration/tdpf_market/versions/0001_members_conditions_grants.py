"""Members, usage conditions, access requests, grants and the access log.

Revision ID: 0001_members_conditions_grants
Revises: None
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_members_conditions_grants"
down_revision = None
branch_labels = None
depends_on = None


def _text(name: str, **kw) -> sa.Column:
    return sa.Column(name, sa.UnicodeText, **kw)


def upgrade():
    op.create_table(
        "tdpf_market_member",
        _text("user_id", primary_key=True),
        _text("member_type"),
        _text("tier", nullable=False, server_default="free"),
        _text("organization_name", nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_table(
        "tdpf_market_access_request",
        _text("id", primary_key=True),
        _text("dataset_id", nullable=False),
        _text("resource_id"),
        _text("user_id", nullable=False),
        _text("purpose", nullable=False),
        _text("message", nullable=False, server_default=""),
        _text("member_type"),
        sa.Column("accepted_conditions", JSONB, nullable=False, server_default="{}"),
        _text("state", nullable=False, server_default="pending"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime),
        sa.Column("decided_at", sa.DateTime),
        _text("decided_by"),
        _text("reason", nullable=False, server_default=""),
        _text("grant_id"),
    )
    op.create_index("tdpf_market_access_request_dataset_idx",
                    "tdpf_market_access_request", ["dataset_id", "state"])
    op.create_index("tdpf_market_access_request_user_idx",
                    "tdpf_market_access_request", ["user_id"])
    # one pending request per member and dataset, even under concurrent requests
    op.create_index("tdpf_market_access_request_one_pending",
                    "tdpf_market_access_request", ["user_id", "dataset_id"], unique=True,
                    postgresql_where=sa.text("state = 'pending'"))
    op.create_table(
        "tdpf_market_grant",
        _text("id", primary_key=True),
        _text("request_id"),
        _text("dataset_id", nullable=False),
        _text("resource_id"),
        _text("user_id", nullable=False),
        _text("purpose", nullable=False, server_default=""),
        _text("member_type"),
        sa.Column("conditions", JSONB, nullable=False, server_default="{}"),
        _text("state", nullable=False, server_default="active"),
        sa.Column("valid_from", sa.DateTime, nullable=False),
        sa.Column("valid_until", sa.DateTime),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime),
        _text("ended_by"),
        _text("ended_reason", nullable=False, server_default=""),
    )
    op.create_index("tdpf_market_grant_user_idx", "tdpf_market_grant",
                    ["user_id", "dataset_id", "state"])
    op.create_index("tdpf_market_grant_dataset_idx", "tdpf_market_grant", ["dataset_id"])
    op.create_table(
        "tdpf_market_notification",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _text("user_id", nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        _text("request_id"),
        _text("subject", nullable=False),
        _text("body", nullable=False, server_default=""),
        sa.Column("params", JSONB, nullable=False, server_default="{}"),
    )
    op.create_index("tdpf_market_notification_user_idx",
                    "tdpf_market_notification", ["user_id", "created"])
    op.create_table(
        "tdpf_market_access_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("time", sa.DateTime, nullable=False),
        _text("grant_id", nullable=False),
        _text("user_id", nullable=False),
        _text("dataset_id", nullable=False),
        _text("resource_id", nullable=False),
        sa.Column("bytes", sa.BigInteger, nullable=False, server_default="0"),
        _text("purpose", nullable=False, server_default=""),
        _text("member_type"),
        _text("via", nullable=False, server_default="web"),
    )
    op.create_index("tdpf_market_access_log_dataset_idx",
                    "tdpf_market_access_log", ["dataset_id", "time"])
    op.create_index("tdpf_market_access_log_user_idx",
                    "tdpf_market_access_log", ["user_id", "time"])
    op.create_index("tdpf_market_access_log_grant_idx",
                    "tdpf_market_access_log", ["grant_id"])


def downgrade():
    for table in ("tdpf_market_access_log", "tdpf_market_notification",
                  "tdpf_market_grant", "tdpf_market_access_request",
                  "tdpf_market_member"):
        op.drop_table(table)
