"""After a member's downloads over HTTP, in headless Chromium against the
portal as served: the provider sees them in the dataset's usage chart (and
its table), the member in their transaction history; both pages pass the
axe-core check. Screenshots: var/artifacts/screenshots/market-usage-*.png."""
from __future__ import annotations

import requests

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_market.fees import ledger as fees

# the README's server (gunicorn on a free port), Debian's Chromium, and the
# market browser test's catalogue and login
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import assert_accessible, screenshot
from tests.tdpf_market.conftest import ctx
from tests.tdpf_market.ui.test_market_browser import _login, _page, catalog  # noqa: F401


def test_provider_sees_downloads_in_the_chart_and_member_in_history(
        portal, browser, catalog):  # noqa: F811
    member, provider = catalog["paid_member"], catalog["provider"]
    call_action("tdpf_access_request_create", ctx(member), dataset_id="flow-premium",
                purpose="商用", accepted_conditions=True)   # automatic approval
    resource_id = catalog["paid"]["resources"][0]["id"]
    token = factories.APIToken(user=member["name"])["token"]
    for _ in range(2):
        answer = requests.get(f"{portal}/market/download/{resource_id}", timeout=30,
                              headers={"Authorization": token}, allow_redirects=False)
        assert answer.status_code == 302
    today = fees.local(fees.utcnow()).date().isoformat()

    provider_ctx, page = _page(browser)
    try:
        _login(page, portal, provider["name"])
        page.goto(f"{portal}/dataset/flow-premium")
        page.get_by_role("link", name="利用状況").first.click()
        page.wait_for_url("**/dataset/flow-premium/usage")
        bar = page.locator(f'[data-section=downloads_per_day] rect[data-key="{today}"]')
        assert bar.get_attribute("data-count") == "2"
        by_type = page.locator("[data-section=downloads_by_member_type] tr[data-key=corporation]")
        assert by_type.inner_text().split() == ["法人", "2"]
        assert page.locator("[data-figure=active_grants]").inner_text() == "1"
        assert_accessible(page)
        screenshot(page, "market-usage-1-provider")
    finally:
        provider_ctx.close()

    member_ctx, page = _page(browser)
    try:
        _login(page, portal, member["name"])
        page.goto(f"{portal}/user/{member['name']}")
        page.get_by_role("link", name="取引履歴").click()
        page.wait_for_url("**/market-history")
        rows = page.locator("[data-section=downloads] tbody tr[data-id]")
        assert rows.count() == 2 and "人流データ（有償）" in rows.first.inner_text()
        assert page.locator("[data-section=grants] tr[data-state=active]").count() == 1
        assert page.locator("[data-section=fees] tbody tr[data-id]").count() == 1
        assert_accessible(page)
        screenshot(page, "market-usage-2-history")
    finally:
        member_ctx.close()
