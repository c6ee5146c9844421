"""Shared fixtures. CKAN's pytest plugin (ckan[dev]) provides app, cli,
clean_db, ckan_config, with_plugins...; every test here runs with the
plugins of the test ini loaded, and clean_db also applies our migrations."""
from __future__ import annotations

import contextlib
import copy

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


_DEFAULT_CONFIG: dict = {}


@pytest.fixture(scope="session", autouse=True)
def _default_plugin_state():
    """The configuration as the session start left it: every plugin of the
    test ini loaded (CKAN's pytest plugin built an app at session start)."""
    _DEFAULT_CONFIG.update(copy.deepcopy(dict(config)))


@pytest.fixture
def with_plugins(ckan_config, monkeypatch, request):
    """CKAN's ``with_plugins``, without its per-test cost: the test ini's
    plugins stay loaded from test to test (loading them all anew takes about
    half a second per test). A test with a ``ckan_config`` or
    ``with_plugins`` mark gets what CKAN's fixture gives (everything loaded
    anew with its settings) and, afterwards, the default state back."""
    marks = list(request.node.iter_markers("ckan_config"))
    extra = [name for mark in request.node.iter_markers("with_plugins")
             for name in mark.args]
    if not marks and not extra:
        if not all(p.plugin_loaded(n) for n in config.get("ckan.plugins")):
            p.load_all()
        yield
        return
    plugins = config.get("ckan.plugins")
    if isinstance(plugins, str):  # as a ckan_config mark may give it
        plugins = plugins.split()
    monkeypatch.setitem(ckan_config, "ckan.plugins", list(plugins) + extra)
    p.load_all()
    yield
    p.unload_all()
    config.clear()
    config.update(copy.deepcopy(_DEFAULT_CONFIG))
    p.load_all()


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
    from ckanext.tdpf.migrations import behind, plugins_with_migrations

    # The trust audit table refuses DELETE (append-only); TRUNCATE is not a
    # row operation, so empty it first and CKAN's reset finds nothing to delete.
    # (The market fee ledger is append-only too.)
    with model.Session.begin_nested():
        for table in ("tdpf_trust_audit", "tdpf_market_fee_ledger"):
            model.Session.execute(sa.text(
                f"DO $$ BEGIN IF to_regclass('{table}') IS NOT NULL "
                f"THEN TRUNCATE {table}; END IF; END $$"))
    model.Session.commit()
    reset_db()
    plugins = config.get("ckan.plugins")
    with plugins_loaded(*plugins):
        # only when behind: after the first reset (which drops every table)
        # the schema stays at head, and an Alembic run per plugin per test
        # costs more than the test
        stale = behind()
        for plugin in plugins_with_migrations():
            if plugin in stale:
                migrate_db_for(plugin)
        search.clear_all()


@pytest.fixture(autouse=True)
def _rate_limits_off_unless_tested(request, monkeypatch):
    """tdpf_market's API rate limits would answer a test's burst of API calls
    with 429 (the Redis buckets outlive a test); tests of the limits set
    ``ckanext.tdpf_market.ratelimit.*`` with a ``ckan_config`` mark."""
    if not any(str(mark.args[0]).startswith("ckanext.tdpf_market.ratelimit")
               for mark in request.node.iter_markers("ckan_config") if mark.args):
        monkeypatch.setitem(config, "ckanext.tdpf_market.ratelimit.enabled", "false")


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's reset plus plugin migrations and an empty search index."""
    reset_tdpf_db(reset_db, migrate_db_for)


@pytest.fixture
def page(browser):
    """A Japanese browser tab (1280×900) of the ``browser`` fixture, which a
    browser test imports from tests.tdpf.search.test_portal_server."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def smtp_server(monkeypatch):
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that CKAN's mailer sends
    to; ``.messages`` are the ``email.message.Message`` it received."""
    import email
    import socket

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            message = email.message_from_bytes(envelope.original_content or envelope.content)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(message)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(config, "smtp.server", f"127.0.0.1:{port}")
    monkeypatch.setitem(config, "smtp.starttls", False)
    yield inbox
    controller.stop()
