"""Alembic environment of the tdpf_community plugin (own version table, own tables)."""
from ckanext.tdpf.migration_env import run

run("tdpf_community")
