"""The data rate in headless Chromium against the portal as the README
serves it (gunicorn), with the demo catalog: an operator opens the report
(the SVG chart is in the server's HTML: no script draws it), a visitor opens a dataset's data
rate; axe-core finds no serious or critical problem. Screenshots:
var/artifacts/screenshots/datarate-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest

from ckan.common import config
from ckan.tests import factories

from ckanext.tdpf import demo
from tests.conftest import plugins_loaded, reset_tdpf_db
# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401

SHOTS = Path(__file__).resolve().parents[3] / "var" / "artifacts" / "screenshots"
PASSWORD = "Rate-2024-pass"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """The demo catalog and an operator account."""
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        admin = factories.Sysadmin(name="rate-operator", password=PASSWORD)
        demo.load(admin["name"], echo=lambda _line: None)
    return {"operator": admin["name"]}


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"datarate-{name}.png"), full_page=True)


def _assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{page.url}: {bad}"


def test_operator_report_and_visitor_dataset_page(portal, page, catalog):  # noqa: F811
    page.goto(portal + "/dataset/")
    first = page.locator(".tdpf-data-rate-badge").first
    assert first.is_visible() and "/405" in first.inner_text()

    href = page.locator(".dataset-heading a").first.get_attribute("href")
    page.goto(portal + href + "/data-rate")
    assert page.locator(".tdpf-data-rate-score").is_visible()
    assert page.locator(".tdpf-dim").count() == 5
    _shot(page, "dataset")

    page.goto(portal + "/data-rate")
    assert page.locator("h1", has_text="データレートのレポート").count() == 0  # 403 for visitors
    page.goto(portal + "/user/login")
    page.locator("#field-login").fill(catalog["operator"])
    page.locator("#field-password").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
    response = page.goto(portal + "/data-rate")
    assert '<svg' in response.text()  # drawn by the server
    chart = page.locator(".tdpf-chart-distribution svg")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    counts = [int(b.get_attribute("data-count"))
              for b in chart.locator("rect.tdpf-bar").all()]
    total = int(page.locator(".tdpf-report-total").inner_text().split("件")[0])
    assert len(counts) == 4 and sum(counts) == total > 0
    assert page.locator(".tdpf-chart-organizations svg g.tdpf-group").count() >= 8
    _assert_accessible(page)
    _shot(page, "report")
