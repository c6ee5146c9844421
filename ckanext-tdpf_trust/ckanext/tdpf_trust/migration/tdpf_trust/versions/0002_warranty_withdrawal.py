"""Warranties and scheduled withdrawals (trust issue, warranty and withdrawal part).

Revision ID: 0002_warranty_withdrawal
Revises: 0001_audit_log
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002_warranty_withdrawal"
down_revision = "0001_audit_log"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_trust_warranty",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("organization_id", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("terms_version", sa.UnicodeText, nullable=False),
        sa.Column("personal_data", sa.UnicodeText, nullable=False),
        sa.Column("attestations", JSONB, nullable=False, server_default="{}"),
        sa.Column("fingerprint", sa.UnicodeText, nullable=False),
    )
    op.create_index("tdpf_trust_warranty_package", "tdpf_trust_warranty",
                    ["package_id", "id"])
    # A warranty is a record of a promise: never edited. (DELETE stays
    # possible for database resets; each warranty is also in the audit log.)
    op.execute("""
        CREATE OR REPLACE FUNCTION tdpf_trust_warranty_no_update() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'tdpf_trust_warranty is append-only';
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER tdpf_trust_warranty_no_update
            BEFORE UPDATE ON tdpf_trust_warranty
            FOR EACH ROW EXECUTE FUNCTION tdpf_trust_warranty_no_update();
    """)
    op.create_table(
        "tdpf_trust_withdrawal",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText, nullable=False),
        sa.Column("reminded", sa.DateTime, nullable=True),
        sa.Column("closed", sa.DateTime, nullable=True),
        sa.Column("closed_by", sa.UnicodeText, nullable=True),
    )
    op.create_index("tdpf_trust_withdrawal_package", "tdpf_trust_withdrawal",
                    ["package_id", "state"])


def downgrade():
    op.drop_table("tdpf_trust_withdrawal")
    op.drop_table("tdpf_trust_warranty")
    op.execute("DROP FUNCTION IF EXISTS tdpf_trust_warranty_no_update()")
