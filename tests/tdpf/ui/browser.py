"""Helpers for browser tests of any feature: the demo catalog as `make
serve` loads it, logging in, axe-core checks and screenshots. Use with the
`portal` and `browser` fixtures of tests.tdpf.search.test_portal_server
(and the `page` fixture of tests/conftest.py: a Japanese browser tab)."""
from __future__ import annotations

import contextlib
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


# records every page-policy violation from the first byte of each document,
# frames included (init scripts run in every frame)
CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  [e.effectiveDirective, e.blockedURI, (e.sample || '').slice(0, 60), e.sourceFile, e.lineNumber,
   e.target.outerHTML ? e.target.outerHTML.slice(0, 120) : ''].join(' ')));"""


@contextlib.contextmanager
def csp_watched_tab(browser):
    """A Japanese tab that keeps the Content-Security-Policy's violations:
    events in ``window.__csp`` of each frame, console lines in ``csp_console``."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.csp_console = []
    page.on("console", lambda m: "Content Security Policy" in m.text
            and page.csp_console.append(m.text[:200]))
    try:
        yield page
    finally:
        context.close()
