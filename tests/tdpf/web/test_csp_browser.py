"""The Content-Security-Policy in a real browser (Chromium, the portal under
gunicorn): the pages a visitor, a provider and a login use break no rule
of the policy and their scripts work (CKAN's modules, the language switch,
the resource form's buttons), while a script injected into a served page
does not run."""
from __future__ import annotations

import pytest
import requests

from ckan.common import config
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import csp_watched_tab, log_in
from tests.tdpf.ui.conftest import make_catalog

PASSWORD = "Csp-2026-pass"
# records every violation from the first byte of each document (init
# scripts run before the page's own and are not subject to its CSP)



@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """A small catalog and a provider (editor of its organisation)."""
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        datasets = make_catalog()
        provider = factories.User(password=PASSWORD)
        call_action("organization_member_create", {"ignore_auth": True}, id="chiyoda",
                    username=provider["name"], role="editor")
    return {"datasets": datasets, "provider": provider["name"]}


@pytest.fixture
def page(browser):  # noqa: F811
    with csp_watched_tab(browser) as tab:
        yield tab


def _no_violation(page) -> None:
    assert page.evaluate("window.__csp") == [], (page.url, page.evaluate(
        "Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)"
        ".filter(a => a.name.startsWith('on') || a.value.startsWith('javascript:'))"
        ".map(a => e.tagName + ' ' + e.id + ' ' + a.name + '=' + a.value.slice(0, 80)))"))
    assert page.csp_console == [], page.url


def test_pages_keep_working_under_the_policy(portal, page):  # noqa: F811
    for path in ("/", "/dataset/", "/dataset/chiyoda-shelters", "/user/login"):
        page.goto(portal + path)
        page.wait_for_load_state("networkidle")
        _no_violation(page)
        # CKAN's modules ran: the footer's language list became a select2 box
        assert page.locator("#field-lang-select + .select2-container").count() == 1, path
    # the footer's language switch (CKAN's select-switch module posts its form)
    page.goto(portal + "/dataset/chiyoda-shelters")
    english = page.locator("#field-lang-select option[lang=en]").get_attribute("value")
    with page.expect_navigation():
        page.select_option("#field-lang-select", english)
    assert page.url.endswith("/en/dataset/chiyoda-shelters")
    assert page.locator("html").get_attribute("lang") == "en"
    _no_violation(page)


def test_an_injected_script_does_not_run(portal, page):  # noqa: F811
    """The served search page (with its real headers), as if its HTML
    reflected an attacker's markup: neither the script nor the handler runs,
    the page's own scripts still do."""
    injected = ('<script>window.__pwned = "script"</script>'
                '<img src="/nothing.png" onerror="window.__pwned = \'handler\'">')
    address = portal + "/dataset/?q=%E9%81%BF%E9%9B%A3"
    # fetched here: gunicorn's one sync worker would wait on the browser's
    # idle preconnection while an intercepted request fetched it
    served = requests.get(address, timeout=30)
    assert "script-src 'self'" in served.headers["Content-Security-Policy"]
    body = served.text.replace('<div class="main">', '<div class="main">' + injected, 1)
    assert injected in body
    headers = {k: v for k, v in served.headers.items() if k.lower() != "content-length"}
    page.route(address, lambda route: route.fulfill(status=200, headers=headers, body=body))
    page.goto(address)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    blocked = page.evaluate("window.__csp")
    assert any(v.startswith("script-src-elem inline") for v in blocked), blocked
    assert any(v.startswith("script-src-attr inline") for v in blocked), blocked
    assert page.locator("#field-lang-select + .select2-container").count() == 1


def test_the_resource_form_buttons_work_under_the_policy(portal, page, catalog):  # noqa: F811
    log_in(page, portal, catalog["provider"], PASSWORD)
    page.goto(portal + "/dataset/chiyoda-shelters/resource/new")
    page.wait_for_load_state("networkidle")
    _no_violation(page)
    page.locator("#resource-link-button").click()
    assert page.locator("#field-resource-url").is_visible()
    assert page.evaluate("document.activeElement.id") == "field-resource-url"
    page.locator("#field-resource-url").fill("https://www.city.example.lg.jp/a.csv")
    page.locator(".btn-remove-url").last.click()  # back to the choice
    assert page.locator("#field-resource-url").input_value() == ""
    assert page.evaluate("document.activeElement.id") == "resource-upload-button"
    assert not page.locator("#field-resource-url").is_visible()
    with page.expect_file_chooser() as chooser:
        page.locator("#resource-upload-button").click()
    chooser.value.set_files({"name": "counts.csv", "mimeType": "text/csv",
                             "buffer": b"a,b\n1,2\n"})
    assert page.locator("#field-resource-upload").is_visible()
    _no_violation(page)


def test_api_tokens_are_made_and_revoked_under_the_policy(portal, page, catalog):  # noqa: F811
    """CKAN's htmx token page (its hx-on and onchange code replaced)."""
    log_in(page, portal, catalog["provider"], PASSWORD)
    page.goto(f"{portal}/user/{catalog['provider']}/api-tokens")
    _no_violation(page)
    page.get_by_label("名前").fill("cli")
    page.locator("button[value=create]").click()
    created = page.locator("#api-tokens-table tbody tr").first
    created.wait_for()
    assert "cli" in created.inner_text()
    revoke = page.locator("#revoke-tokens-button")
    assert revoke.is_disabled()
    created.locator("[name=token]").check()
    assert revoke.is_enabled()
    created.locator("[name=token]").uncheck()
    assert revoke.is_disabled()
    _no_violation(page)
