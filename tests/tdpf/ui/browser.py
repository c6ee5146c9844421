"""Helpers for browser tests of any feature: the demo catalog as `make
serve` loads it, logging in, axe-core checks and screenshots. Use with the
`portal` and `browser` fixtures of tests.tdpf.search.test_portal_server
(and the `page` fixture of tests/conftest.py: a Japanese browser tab)."""
from __future__ import annotations

from pathlib import Path

from ckan.common import config
from ckan.tests import factories

from ckanext.tdpf import demo

from tests.conftest import plugins_loaded, reset_tdpf_db

SHOTS = Path(__file__).resolve().parents[3] / "var" / "artifacts" / "screenshots"


def load_demo_catalog(reset_db, migrate_db_for, admin_password: str) -> dict:
    """A fresh database with the demo catalog; returns the sysadmin user."""
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        admin = factories.Sysadmin(password=admin_password)
        demo.load(admin["name"], echo=lambda _line: None)
    return admin


def screenshot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page) -> None:
    """No serious or critical axe-core violation on the page as shown."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{page.url}: {bad}"


def log_in(page, portal: str, name: str, password: str) -> None:
    """The login form, as a person fills it (ends on the page it leads to)."""
    page.goto(portal + "/user/login")
    page.locator("#field-login").fill(name)
    page.locator("#field-password").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
