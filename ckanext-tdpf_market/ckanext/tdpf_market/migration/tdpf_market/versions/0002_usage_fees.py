"""Fee ledger (usage reports read the access log).

Revision ID: 0002_usage_fees
Revises: 0001_members_conditions_grants
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_usage_fees"
down_revision = "0001_members_conditions_grants"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdpf_market_fee_ledger",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("month", sa.Unicode(7), nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("member_user_id", sa.UnicodeText, nullable=False),
        sa.Column("organization_id", sa.UnicodeText, nullable=False),
        sa.Column("dataset_id", sa.UnicodeText, nullable=False),
        sa.Column("resource_id", sa.UnicodeText, nullable=True),
        sa.Column("grant_id", sa.UnicodeText, nullable=True),
        sa.Column("access_log_id", sa.BigInteger, nullable=True),
        sa.Column("unit", sa.UnicodeText, nullable=True),
        # billing period of a grant: 0 = the one starting with the grant,
        # n = the n-th month or year after it (renewal entries)
        sa.Column("period", sa.Integer, nullable=True),
        sa.Column("amount_yen", sa.BigInteger, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("corrects_id", sa.BigInteger, nullable=True),
        sa.Column("created_by", sa.UnicodeText, nullable=False, server_default=""),
    )
    op.create_index("tdpf_market_fee_ledger_member", "tdpf_market_fee_ledger",
                    ["member_user_id", "month"])
    op.create_index("tdpf_market_fee_ledger_org", "tdpf_market_fee_ledger",
                    ["organization_id", "month"])
    op.create_index("tdpf_market_fee_ledger_dataset", "tdpf_market_fee_ledger",
                    ["dataset_id"])
    # One charge per grant start and per logged download, however often the
    # hook is called (retries, concurrent workers).
    op.create_index("tdpf_market_fee_ledger_grant_once", "tdpf_market_fee_ledger",
                    ["grant_id"], unique=True, postgresql_where=sa.text("kind = 'grant'"))
    op.create_index("tdpf_market_fee_ledger_period_once", "tdpf_market_fee_ledger",
                    ["grant_id", "period"], unique=True,
                    postgresql_where=sa.text("kind IN ('grant', 'renewal')"))
    op.create_index("tdpf_market_fee_ledger_download_once", "tdpf_market_fee_ledger",
                    ["access_log_id"], unique=True,
                    postgresql_where=sa.text("kind = 'download'"))
    # Entries are never changed: corrections are new entries. The database
    # refuses UPDATE and DELETE too (OR REPLACE: a test reset drops tables,
    # not functions).
    op.execute("""
        CREATE OR REPLACE FUNCTION tdpf_market_fee_ledger_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'tdpf_market_fee_ledger is append-only: add a correction entry';
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER tdpf_market_fee_ledger_append_only
            BEFORE UPDATE OR DELETE ON tdpf_market_fee_ledger
            FOR EACH ROW EXECUTE FUNCTION tdpf_market_fee_ledger_append_only();
    """)


def downgrade():
    op.drop_table("tdpf_market_fee_ledger")
    op.execute("DROP FUNCTION IF EXISTS tdpf_market_fee_ledger_append_only()")
