"""Acceptance in headless Chromium against the portal as the README serves
it (gunicorn): a CSV resource's page shows its preview table (the
DataStore's datatables view, drawn under the site's page policy), its
L1/L2/L3 levels and findings;
a GeoJSON resource's page shows its map (Leaflet's container and one layer
per feature; no internet here, so map tiles may fail to load and are not
asserted). Screenshots: var/artifacts/screenshots/preview-*.png."""
from __future__ import annotations

import json

import pytest

from ckan.common import config
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.files import pipeline

from tests import factories as tdpf_factories
from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import csp_watched_tab, screenshot
from tests.tdpf_market.conftest import attest, upload

# a facility list with a full-width space in one name (L1-06) and coordinates
CSV = ("名称,住所,緯度,経度\r\n"
       "市民会館,千代田区九段南1-2-1,35.6940,139.7536\r\n"
       "中央図書館　本館,千代田区九段南1-2-2,35.6950,139.7540\r\n"
       "児童センター,千代田区神田1-1-1,35.6920,139.7700\r\n").encode()
GEOJSON = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"名称": "AED 区役所"},
     "geometry": {"type": "Point", "coordinates": [139.7536, 35.6940]}},
    {"type": "Feature", "properties": {"名称": "AED 図書館"},
     "geometry": {"type": "Point", "coordinates": [139.7540, 35.6950]}},
    {"type": "Feature", "properties": {"名称": "公園"},
     "geometry": {"type": "Polygon", "coordinates": [[[139.75, 35.69], [139.76, 35.69],
                                                      [139.76, 35.70], [139.75, 35.69]]]}},
]}, ensure_ascii=False).encode()


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """A public dataset with an uploaded CSV (checked by the file pipeline:
    levels, findings, DataStore table and its views) and a GeoJSON file."""
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        admin = factories.Sysadmin()
        org = factories.Organization(name="chiyoda", title="千代田区")
        ds = tdpf_factories.Dataset(name="facilities", title="施設一覧", owner_org=org["id"])
        ctx = {"user": admin["name"]}
        table = upload(ctx, ds["id"], CSV, "facilities.csv", name="施設の表", format="CSV",
                       **attest())
        geo = upload(ctx, ds["id"], GEOJSON, "aed.geojson", name="AED の地図",
                     format="GeoJSON", **attest())
        outcome = pipeline.process(table["id"], wait=30)
        assert outcome is None or outcome["state"] == "checked"
        views = {v["view_type"]: v for v in call_action(
            "resource_view_list", {"ignore_auth": True}, id=geo["id"])}
        if "tdpf_map_view" not in views:
            call_action("resource_view_create", {"ignore_auth": True}, resource_id=geo["id"],
                        view_type="tdpf_map_view", title="地図")
        return {"table": table["id"], "geo": geo["id"]}


def test_resource_page_shows_the_preview_table_levels_and_findings(portal, page, catalog):  # noqa: F811
    page.goto(f"{portal}/dataset/facilities/resource/{catalog['table']}")
    levels = page.locator(".tdpf-file-levels td")
    assert levels.count() == 3
    assert page.locator('.tdpf-file-levels td[data-level="L1"]').inner_text() == "90"
    finding = page.locator('.tdpf-file-findings tr[data-rule="L1-06"]')
    assert finding.is_visible()
    assert "スペース" in finding.inner_text() and "A3" in finding.inner_text()
    assert page.locator(".tdpf-file-level").inner_text() == "レベル3"

    # the datatables view, in its frame, drawn from the DataStore
    frame = page.frame_locator("iframe").first
    rows = frame.locator("table tbody tr")
    rows.first.wait_for(timeout=30000)
    assert rows.count() == 3
    assert frame.locator("table#dtprv tbody", has_text="中央図書館").is_visible()
    screenshot(page, "preview-table")


def test_geojson_resource_shows_a_map(portal, page, catalog):  # noqa: F811
    page.goto(f"{portal}/dataset/facilities/resource/{catalog['geo']}")
    frame = page.frame_locator("iframe").first
    node = frame.locator("#tdpf-map")
    node.wait_for(timeout=30000)
    assert "leaflet-container" in (node.get_attribute("class") or "")
    frame.locator("#tdpf-map[data-features='3']").wait_for(timeout=30000)
    assert frame.locator(".leaflet-marker-icon").count() == 2  # the points
    assert frame.locator(".leaflet-overlay-pane path").count() == 1  # the polygon
    assert frame.locator("#tdpf-map[data-state='failed']").count() == 0
    screenshot(page, "preview-map")


@pytest.fixture
def watched(browser):  # noqa: F811
    """A Japanese tab that keeps the policy's violations (events and console)."""
    with csp_watched_tab(browser) as page:
        yield page


def _violations(page) -> list:
    found = list(page.csp_console)
    for frame in page.frames:
        found += frame.evaluate("window.__csp || []")
    return found


def _preview(page, portal, catalog):  # noqa: F811
    page.goto(f"{portal}/dataset/facilities/resource/{catalog['table']}")
    frame = page.frame_locator("iframe").first
    frame.locator("table#dtprv tbody tr").first.wait_for(timeout=30000)
    return frame


def _names(frame) -> list[str]:
    return sorted(frame.locator("table#dtprv tbody tr td:nth-child(2)").all_inner_texts())


@pytest.mark.parametrize(("typed", "expected"), [
    ("図書", ["中央図書館　本館"]),  # inside a name, not at its start
    ("センター", ["児童センター"]),  # katakana after kanji in one word
    ("九段南", ["中央図書館　本館", "市民会館"]),  # in the address column
    ("会館 九段", ["市民会館"]),  # two words: rows with both
])
def test_the_preview_search_box_filters_japanese_text(portal, watched, catalog,  # noqa: F811
                                                      typed, expected):
    frame = _preview(watched, portal, catalog)
    assert len(_names(frame)) == 3
    box = frame.locator("#dtprv_filter input")
    box.fill(typed)
    box.press("Enter")  # the view searches on Enter
    for _ in range(100):  # the table redraws after the DataStore's answer
        if _names(frame) == expected:
            break
        watched.wait_for_timeout(150)
    assert _names(frame) == expected
    assert _violations(watched) == [], "\n".join(_violations(watched))


def test_a_rows_detail_button_opens_its_popup_under_the_page_policy(portal, watched,  # noqa: F811
                                                                    catalog):
    frame = _preview(watched, portal, catalog)
    frame.locator("#refit-button").first.click()  # the refit button: no inline handler
    # the list view: each row's _id cell is its detail button
    frame.locator('button[title="Table/List toggle"]').click()
    row = frame.locator("table#dtprv tbody tr", has_text="児童センター")
    row.locator("td.dtr-control").click()
    popup = frame.locator(".dtr-bs-modal")
    popup.wait_for(timeout=15000)
    details = popup.locator("table.dtr-details")
    assert "児童センター" in details.inner_text() and "千代田区神田1-1-1" in details.inner_text()
    copy = popup.locator("#modalcopy-button")
    assert copy.get_attribute("onclick") is None
    frame.locator("body").evaluate("""() => { window.__copied = [];
        document.addEventListener('copy', () => __copied.push(String(getSelection()))); }""")
    copy.click()  # selects the popup's table and copies it
    copied = frame.locator("body").evaluate("() => window.__copied")
    assert len(copied) == 1 and "千代田区神田1-1-1" in copied[0]
    screenshot(watched, "preview-row-popup")
    assert _violations(watched) == [], "\n".join(_violations(watched))
