"""A provider in headless Chromium (the README's gunicorn server): the
dataset page warns that the uploaded member list holds personal data, the
scan page shows the masked findings, and marking each as a false positive
with a reason clears the warning. Screenshots: var/artifacts/screenshots/."""
from __future__ import annotations

import io

import pytest

from ckan.common import config
from ckan.lib import jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action
from ckan.tests.pytest_ckan.fixtures import FakeFileStorage

from ckanext.tdpf import queues

from tests import factories as tdpf_factories
from tests.conftest import plugins_loaded, reset_tdpf_db

# the README's server (gunicorn on a free port) and Debian's Chromium
from tests.tdpf.search.test_portal_server import browser, portal  # noqa: F401
from tests.tdpf.ui.browser import log_in, screenshot

PASSWORD = "Meibo-2024-pass"
MEMBERS_CSV = ("氏名,生年月日,電話番号\r\n山田 太郎,1980-04-01,090-1234-5678\r\n"
               "佐藤 花子,1975-12-03,080-2345-6789\r\n").encode("cp932")


@pytest.fixture(scope="module")
def catalog(reset_db, migrate_db_for):
    """A private dataset of 江東区 with an uploaded member list, scanned."""
    reset_tdpf_db(reset_db, migrate_db_for)
    jobs.get_queue(queues.PRIORITY).empty()  # scan ids restart with the database: no stale job ids
    with plugins_loaded(*config.get("ckan.plugins")):
        provider = factories.User(name="koto-editor", password=PASSWORD)
        org = factories.Organization(name="koto", title="江東区")
        call_action("organization_member_create", id=org["id"], username=provider["name"],
                    role="editor")
        ds = tdpf_factories.Dataset(owner_org=org["id"], name="koto-members",
                                    title="江東区 スポーツ教室参加者", private=True)
        call_action("resource_create", {"user": provider["name"]}, package_id=ds["id"],
                    name="参加者名簿", format="CSV", url="meibo.csv",
                    upload=FakeFileStorage(io.BytesIO(MEMBERS_CSV), "meibo.csv"))
        for job in jobs.get_queue(queues.PRIORITY).jobs:
            if job.id.startswith("tdpf-scan-"):
                job.perform()
                job.delete()
    return {"provider": provider["name"], "dataset": ds["name"]}


def test_provider_sees_masked_findings_and_resolves_them(portal, page, catalog):  # noqa: F811
    log_in(page, portal, catalog["provider"], PASSWORD)

    page.goto(f"{portal}/dataset/{catalog['dataset']}")
    notice = page.locator(".tdpf-scan-notice")
    assert "個人情報の可能性があるデータが見つかりました" in notice.inner_text()
    assert "3件の検出を解決する必要があります" in notice.inner_text()
    notice.get_by_role("link", name="検出を確認する").click()
    page.wait_for_url("**/scan")
    rows = page.locator("table.tdpf-scan-findings tbody tr")
    assert rows.count() == 3
    text = page.locator("main, [role=main]").first.inner_text()
    assert "山田" not in text and "090-1234-5678" not in text and "***-****-**78" in text
    assert "cp932" in text and "個人の氏名" in text
    screenshot(page, "scan-findings")

    for _ in range(3):
        form = page.locator("table.tdpf-scan-findings form").first
        form.get_by_placeholder("個人情報ではない理由").fill("架空の人物によるサンプルです")
        form.get_by_role("button", name="誤検出とする").click()
        page.wait_for_load_state()
        assert "誤検出として記録しました" in page.content()
    assert page.locator("table.tdpf-scan-findings form").count() == 0
    page.goto(f"{portal}/dataset/{catalog['dataset']}")
    assert "未解決の検出はありません" in page.locator(".tdpf-scan-notice").inner_text()
    screenshot(page, "scan-dataset-clear")
