"""Shared by the trust browser tests: a Japanese browser page (with the
``browser`` fixture of tests.tdpf.search.test_portal_server) and logging in."""
from __future__ import annotations

import pytest


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def log_in(page, portal: str, name: str, password: str) -> None:
    """The login form, as a person fills it (ends on the page it leads to)."""
    page.goto(portal + "/user/login")
    page.locator("#field-login").fill(name)
    page.locator("#field-password").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
