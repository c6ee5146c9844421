"""Personal-data scan results and their resolutions.

Revision ID: 0003_pii_scan
Revises: 0002_warranty_withdrawal
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003_pii_scan"
down_revision = "0002_warranty_withdrawal"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_trust_scan",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("source", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="queued"),
        sa.Column("requested_by", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("finished", sa.DateTime),
        sa.Column("format", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("encoding", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("rows", sa.Integer, nullable=False, server_default="0"),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
        # SHA-256 of the bytes scanned: an unchanged file keeps its findings
        # and their resolutions
        sa.Column("digest", sa.UnicodeText, nullable=False, server_default=""),
    )
    op.create_index("tdpf_trust_scan_resource", "tdpf_trust_scan", ["resource_id", "id"])
    op.create_index("tdpf_trust_scan_package", "tdpf_trust_scan", ["package_id"])
    op.create_table(
        "tdpf_trust_scan_finding",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scan_id", sa.Integer,
                  sa.ForeignKey("tdpf_trust_scan.id", ondelete="CASCADE"), nullable=False),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("rule", sa.UnicodeText, nullable=False),
        sa.Column("severity", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("sheet", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("column", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows", JSONB, nullable=False, server_default="[]"),
        sa.Column("samples", JSONB, nullable=False, server_default="[]"),
        sa.Column("resolved_by", sa.UnicodeText),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("resolution_reason", sa.UnicodeText),
    )
    op.create_index("tdpf_trust_scan_finding_scan", "tdpf_trust_scan_finding", ["scan_id"])
    op.create_index("tdpf_trust_scan_finding_package", "tdpf_trust_scan_finding",
                    ["package_id"])


def downgrade():
    op.drop_table("tdpf_trust_scan_finding")
    op.drop_table("tdpf_trust_scan")
