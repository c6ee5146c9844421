"""Index a job's waiting harvest objects in the order batches take them
(batch.companions: newest first). Without it each batch read every object
of the job (by harvest_job_id) to find 200 waiting ones: ~50 ms at 10,000
objects, growing with the job, so a first harvest cost O(N^2). The index
holds only waiting objects, so it empties as the job is imported.

Revision ID: 0003_waiting_objects_index
Revises: 0002_duplicate_of_index
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_waiting_objects_index"
down_revision = "0002_duplicate_of_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("tdpf_harvest_object_waiting", "harvest_object",
                    ["harvest_job_id", sa.text("gathered DESC"), sa.text("id DESC")],
                    postgresql_where=sa.text("state = 'WAITING'"))


def downgrade():
    op.drop_index("tdpf_harvest_object_waiting", table_name="harvest_object")
