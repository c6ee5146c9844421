"""Alembic environment of the tdpf_trust plugin (own version table, own tables)."""
from ckanext.tdpf.migration_env import run

run("tdpf_trust")
