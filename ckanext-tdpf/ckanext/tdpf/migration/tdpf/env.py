"""Alembic environment of the tdpf plugin (own version table, own tables)."""
from ckanext.tdpf.migration_env import run

run("tdpf")
