"""Acceptance in headless Chromium against the portal as the README serves
it (gunicorn): a provider opens the workbench (データ整備) of a
Takamatsu-style CSV with metadata rows above the header, sees trim_rows
proposed, previews, publishes, and sees the new resource with higher
levels than its original; a member of another organisation is refused.
Screenshots: var/artifacts/screenshots/prepare-*.png."""
from __future__ import annotations

import pytest

from ckan.common import config
from ckan.tests import factories

from ckanext.tdpf.files import pipeline

from tests import factories as tdpf_factories
from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, log_in, screenshot
from tests.tdpf_market.conftest import attest, upload

from .conftest import edition

PASSWORD = "Prepare-Pass-2026"


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """A public dataset of Takamatsu with the planted shelter list uploaded
    by its provider (checked by the file pipeline), and a stranger: an
    editor of another organisation."""
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        provider = factories.User(password=PASSWORD)
        outsider = factories.User(password=PASSWORD)
        org = factories.Organization(name="takamatsu", title="高松市",
                                     users=[{"name": provider["name"], "capacity": "editor"}])
        factories.Organization(users=[{"name": outsider["name"], "capacity": "editor"}])
        ds = tdpf_factories.Dataset(name="hinanjo", title="避難所一覧", owner_org=org["id"])
        original = upload({"user": provider["name"]}, ds["id"], edition("800人", "4"),
                          "hinanjo.csv", name="避難所一覧", format="CSV", **attest())
        pipeline.process(original["id"], wait=30)
        return {"provider": provider, "outsider": outsider, "original": original["id"]}


def _levels(page) -> dict[str, int]:
    return {k: int(page.locator(f'.tdpf-file-levels td[data-level="{k}"]').inner_text())
            for k in ("L1", "L2", "L3")}


def test_provider_prepares_and_publishes_with_higher_levels(portal, page, catalog):  # noqa: F811
    log_in(page, portal, catalog["provider"]["name"], PASSWORD)
    page.goto(f"{portal}/dataset/hinanjo/resource/{catalog['original']}")
    before = _levels(page)
    page.locator(".tdpf-prepare-link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("データ整備")
    trim = page.locator('.tdpf-prepare-steps tr[data-step="trim_rows"]')
    assert trim.is_visible() and "表の上下の行を削除" in trim.inner_text()
    assert_accessible(page)
    screenshot(page, "prepare-proposed")

    # untick everything but trim_rows: the preview follows the ticked steps
    for box in page.locator('.tdpf-prepare-steps input[name="step"]').all():
        box.set_checked(False)
    trim.locator('input[name="step"]').set_checked(True)
    page.get_by_role("button", name="適用してプレビュー").click()
    page.wait_for_load_state()
    ticked = page.locator('.tdpf-prepare-steps input[name="step"]:checked')
    assert ticked.count() == 1
    header = page.locator(".tdpf-prepare-preview-after thead th").all_inner_texts()
    assert header[:3] == ["名称", "所在地", "収容人数"]
    assert "#title" in page.locator(".tdpf-prepare-preview-before").inner_text()
    after = {k: page.locator(f'.tdpf-prepare-after td[data-level="{k}"]').inner_text()
             for k in ("L1", "L2", "L3")}
    assert int(after["L1"]) > before["L1"]
    screenshot(page, "prepare-preview")

    # every proposed step, the warranty, publish
    for box in page.locator('.tdpf-prepare-steps input[name="step"]').all():
        box.set_checked(True)
    for box in page.locator('.tdpf-warranty-inline input[type="checkbox"]').all():
        box.set_checked(True)
    page.get_by_role("button", name="公開", exact=True).click()
    page.wait_for_load_state()
    assert "/resource/" in page.url and catalog["original"] not in page.url
    new_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    pipeline.process(new_id, wait=30)  # the check a worker would run
    page.reload()
    original_link = page.locator(".tdpf-derived-original a")
    assert "元のファイル" in page.locator(".tdpf-derived-original").inner_text()
    published = _levels(page)
    assert published["L1"] > before["L1"]
    assert all(published[k] >= before[k] for k in published)
    screenshot(page, "prepare-published")

    original_link.click()
    page.wait_for_load_state()
    assert catalog["original"] in page.url
    prepared = page.locator(".tdpf-derived-prepared")
    assert "整備済みのデータ" in prepared.inner_text()
    assert new_id in (prepared.locator("a").first.get_attribute("href") or "")


def test_member_of_another_organisation_is_refused(portal, page, catalog):  # noqa: F811
    log_in(page, portal, catalog["outsider"]["name"], PASSWORD)
    page.goto(f"{portal}/dataset/hinanjo/resource/{catalog['original']}")
    assert page.locator(".tdpf-prepare-link").count() == 0
    answer = page.goto(f"{portal}/dataset/hinanjo/resource/{catalog['original']}/prepare")
    assert answer is not None and answer.status == 403
    assert page.locator(".tdpf-prepare-steps").count() == 0
    screenshot(page, "prepare-refused")
