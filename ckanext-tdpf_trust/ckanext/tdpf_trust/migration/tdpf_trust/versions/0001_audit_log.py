"""Trust audit log: append-only, hash-chained.

Revision ID: 0001_audit_log
Revises:
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_audit_log"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_trust_audit",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("event", sa.UnicodeText, nullable=False),
        sa.Column("actor", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("object_type", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("object_id", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("detail", JSONB, nullable=False, server_default="{}"),
        sa.Column("prev_hash", sa.UnicodeText, nullable=False),
        sa.Column("hash", sa.UnicodeText, nullable=False),
    )
    op.create_index("tdpf_trust_audit_object", "tdpf_trust_audit",
                    ["object_type", "object_id"])
    # No action may edit or delete a record: the database refuses it too.
    # (OR REPLACE: a test database reset drops tables, not functions.)
    op.execute("""
        CREATE OR REPLACE FUNCTION tdpf_trust_audit_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'tdpf_trust_audit is append-only';
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER tdpf_trust_audit_append_only
            BEFORE UPDATE OR DELETE ON tdpf_trust_audit
            FOR EACH ROW EXECUTE FUNCTION tdpf_trust_audit_append_only();
    """)


def downgrade():
    op.drop_table("tdpf_trust_audit")
    op.execute("DROP FUNCTION IF EXISTS tdpf_trust_audit_append_only()")
