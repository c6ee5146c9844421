"""A revision number on every search index row, for the facet cache.

Each write of a row (insert or update, by any code path) takes a new
number from a sequence, so a number names one version of a row's facet
terms for ever: a search process may keep those terms in memory and trust
them whenever a search returns the same number (search/facetcache.py).
The sequence belongs to no column and outlives the table (CKAN's test
reset drops the table): TRUNCATE ... RESTART IDENTITY or a re-created
table cannot hand out a number twice.

Revision ID: 0003_search_rev
Revises: 0002_link_check
Create Date: 2026-11-26
"""
from __future__ import annotations

from alembic import op

revision = "0003_search_rev"
down_revision = "0002_link_check"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE SEQUENCE IF NOT EXISTS tdpf_search_rev_seq")
    op.execute("ALTER TABLE tdpf_search_index ADD COLUMN rev bigint")
    op.execute("UPDATE tdpf_search_index SET rev = nextval('tdpf_search_rev_seq')")
    op.execute("ALTER TABLE tdpf_search_index ALTER COLUMN rev SET NOT NULL, "
               "ALTER COLUMN rev SET DEFAULT nextval('tdpf_search_rev_seq')")
    op.execute("CREATE UNIQUE INDEX tdpf_search_index_rev ON tdpf_search_index (rev)")
    op.execute("""
        CREATE OR REPLACE FUNCTION tdpf_search_index_new_rev() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.rev := nextval('tdpf_search_rev_seq');
            RETURN NEW;
        END $$""")
    op.execute("""
        CREATE TRIGGER tdpf_search_index_rev BEFORE INSERT OR UPDATE
        ON tdpf_search_index FOR EACH ROW EXECUTE FUNCTION tdpf_search_index_new_rev()""")


def downgrade():
    op.execute("DROP TRIGGER tdpf_search_index_rev ON tdpf_search_index")
    op.execute("DROP FUNCTION tdpf_search_index_new_rev()")
    op.execute("ALTER TABLE tdpf_search_index DROP COLUMN rev")
    op.execute("DROP SEQUENCE tdpf_search_rev_seq")
