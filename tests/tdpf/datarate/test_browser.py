"""The data rate in headless Chromium against the portal as the README
serves it (gunicorn), with the demo catalog: an operator opens the report
(the SVG chart is in the server's HTML: no script draws it), a visitor opens a dataset's data
rate; axe-core finds no serious or critical problem. Screenshots:
var/artifacts/screenshots/datarate-*.png."""
from __future__ import annotations

import pytest

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, load_demo_catalog, log_in, screenshot

PASSWORD = "Rate-2024-pass"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """The demo catalog and an operator account."""
    return {"operator": load_demo_catalog(reset_db, migrate_db_for, PASSWORD)["name"]}


def test_operator_report_and_visitor_dataset_page(portal, page, catalog):  # noqa: F811
    page.goto(portal + "/dataset/")
    first = page.locator(".tdpf-data-rate-badge").first
    assert first.is_visible() and "/405" in first.inner_text()

    href = page.locator(".dataset-heading a").first.get_attribute("href")
    page.goto(portal + href + "/data-rate")
    assert page.locator(".tdpf-data-rate-score").is_visible()
    assert page.locator(".tdpf-dim").count() == 5
    screenshot(page, "datarate-dataset")

    page.goto(portal + "/data-rate")
    assert page.locator("h1", has_text="データレートのレポート").count() == 0  # 403 for visitors
    log_in(page, portal, catalog["operator"], PASSWORD)
    response = page.goto(portal + "/data-rate")
    assert '<svg' in response.text()  # drawn by the server
    chart = page.locator(".tdpf-chart-distribution svg")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    counts = [int(b.get_attribute("data-count"))
              for b in chart.locator("rect.tdpf-bar").all()]
    total = int(page.locator(".tdpf-report-total").inner_text().split("件")[0])
    assert len(counts) == 4 and sum(counts) == total > 0
    assert page.locator(".tdpf-chart-organizations svg g.tdpf-group").count() >= 8
    assert_accessible(page)
    screenshot(page, "datarate-report")
