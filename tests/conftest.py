"""Shared fixtures. CKAN's pytest plugin (ckan[dev]) provides app, cli,
clean_db, ckan_config, with_plugins...; every test here runs with the
plugins of the test ini loaded, and clean_db also applies our migrations."""
from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa

import ckan.lib.search as search
import ckan.plugins as p
from ckan import model
from ckan.common import config


def pytest_collection_modifyitems(items):
    # First, so that data-creating fixtures (an organisation made before the
    # test body) already run through the schema plugins' validators.
    for item in items:
        if "with_plugins" not in item.fixturenames:
            item.fixturenames.insert(0, "with_plugins")


@contextlib.contextmanager
def plugins_loaded(*names: str):
    """For module/session fixtures, which cannot use ``with_plugins``."""
    missing = [n for n in names if not p.plugin_loaded(n)]
    p.load(*missing)
    try:
        yield
    finally:
        p.unload(*missing)


def reset_tdpf_db(reset_db, migrate_db_for) -> None:
    """CKAN's reset, then the migrations of every configured plugin (their
    tables are dropped with everything else the first time)."""
    from ckanext.tdpf.migrations import plugins_with_migrations

    # The trust audit table refuses DELETE (append-only); TRUNCATE is not a
    # row operation, so empty it first and CKAN's reset finds nothing to delete.
    with model.Session.begin_nested():
        model.Session.execute(sa.text(
            "DO $$ BEGIN IF to_regclass('tdpf_trust_audit') IS NOT NULL "
            "THEN TRUNCATE tdpf_trust_audit; END IF; END $$"))
    model.Session.commit()
    reset_db()
    plugins = config.get("ckan.plugins")
    with plugins_loaded(*plugins):
        for plugin in plugins_with_migrations():
            migrate_db_for(plugin)
        search.clear_all()


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's reset plus plugin migrations and an empty search index."""
    reset_tdpf_db(reset_db, migrate_db_for)
