"""Alembic environment of the tdpf_ckan plugin: the harvest records shared
by the tdpf_ckan and tdpf_dcat harvesters (own version table)."""
from ckanext.tdpf.migration_env import run

run("tdpf_ckan", table_prefix="tdpf_harvest")
