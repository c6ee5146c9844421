"""The portal as users reach it: gunicorn serving CKAN with our WSGI entry
point, answered over real HTTP, by ckanapi and in a real browser."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.usefixtures("catalog")

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn_serving(options: list[str], env: dict[str, str], ready: str, wait_s: int = 60):
    """gunicorn serving the test site with our WSGI entry point: its URL once
    ``ready`` (a path) answers, the server stopped afterwards. gunicorn
    accepts connections before its workers have loaded CKAN: a slow first
    answer is still "starting", not failure."""
    from ckan.common import config as ckan_config

    binary = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    port = int(env.pop("PORT", "0")) or _free_port()
    # the server's log goes to a file: a pipe nobody reads fills up (64 KB)
    # after some requests and then blocks the worker in mid-response
    log = tempfile.TemporaryFile()  # noqa: SIM115 - open while the server runs
    proc = subprocess.Popen(
        [binary, *options, "--bind", f"127.0.0.1:{port}", "ckanext.tdpf.wsgi:application"],
        env={**os.environ, "CKAN_INI": ckan_config["__file__"], **env},
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(wait_s * 2):
            try:
                if requests.get(url + ready, timeout=10).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail("gunicorn exited:\n" + log.read().decode())
            time.sleep(0.5)
        else:
            pytest.fail(f"gunicorn did not answer within {wait_s} s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def portal(catalog):
    port = _free_port()
    with gunicorn_serving(["--workers", "1"], {"PORT": str(port),
                          "CKAN_SITE_URL": f"http://127.0.0.1:{port}"},
                          "/api/3/action/status_show") as url:
        yield url


def test_api_over_http_matches_ckanapi(portal):
    import ckanapi

    http = requests.get(f"{portal}/api/3/action/package_search",
                        params={"q": "避難所"}, timeout=10).json()["result"]
    remote = ckanapi.RemoteCKAN(portal).action.package_search(q="避難所")
    assert http == remote
    assert {r["name"] for r in http["results"]} == {"shelter-designated", "shelter-list"}


def test_pages_over_http(portal):
    home = requests.get(portal, timeout=10)
    assert home.status_code == 200 and 'lang="ja"' in home.text
    search = requests.get(f"{portal}/dataset/", params={"q": "トイレ"}, timeout=10)
    assert search.status_code == 200 and "公衆トイレ一覧" in search.text
    page = requests.get(f"{portal}/dataset/toilets", timeout=10)
    assert page.status_code == 200 and "公衆トイレ一覧" in page.text


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        yield b
        b.close()


def test_search_and_facet_in_browser(portal, browser):
    page = browser.new_page()
    page.goto(portal + "/dataset/")
    page.fill("#field-giant-search", "避難所")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    results = page.locator(".dataset-heading a").all_inner_texts()
    assert sorted(t.strip() for t in results) == sorted(["千代田区 指定緊急避難所一覧", "避難所一覧"])
    # narrow down with the organisation facet, as a user would
    page.locator("nav a", has_text="東京都").first.click()
    page.wait_for_url("**organization=tokyo*")
    results = page.locator(".dataset-heading a").all_inner_texts()
    assert [t.strip() for t in results] == ["避難所一覧"]
    page.locator(".dataset-heading a").first.click()
    page.wait_for_url("**/dataset/shelter-list")
    assert "避難所一覧" in page.locator("h1").first.inner_text()
    page.close()


SHOTS = Path(__file__).resolve().parents[3] / "var" / "artifacts" / "screenshots"


def test_zero_results_offer_any_words_and_a_suggestion_in_browser(portal, browser):
    """No dataset holds both words (one mistyped): the page says so, shows
    the datasets holding either, marked, and suggests the indexed word."""
    page = browser.new_page()
    page.goto(portal + "/dataset/")
    page.fill("#field-giant-search", "非難所 公衆トイレ")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    help_box = page.locator("#tdpf-search-help")
    assert "すべて含むデータセットはありませんでした" in help_box.inner_text()
    results = page.locator(".dataset-heading a").all_inner_texts()
    assert [t.strip() for t in results] == ["公衆トイレ一覧"]
    marked = page.locator(".tdpf-snippet mark")
    assert marked.first.is_visible() and marked.all_inner_texts() == ["公衆トイレ"]
    suggestion = help_box.locator(".tdpf-suggestion a")
    assert suggestion.inner_text() == "避難所 公衆トイレ"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-zero-results.png"), full_page=True)
    # following the suggestion (no dataset holds both, as in the issue):
    # every word now finds something, no further suggestion
    suggestion.click()
    page.wait_for_url("**q=*")
    results = page.locator(".dataset-heading a").all_inner_texts()
    assert sorted(t.strip() for t in results) == sorted(
        ["千代田区 指定緊急避難所一覧", "避難所一覧", "公衆トイレ一覧"])
    assert page.locator(".tdpf-suggestion").count() == 0
    assert page.locator(".tdpf-snippet mark").count() == 3
    page.close()


def test_plain_ckan_client_creates_and_reads_over_http(portal):
    """A client that knows nothing of the TDPF schema (ckanapi with CKAN's
    own fields) still creates and reads datasets; a schema error comes back
    as CKAN's ValidationError with the Japanese message, and stores nothing."""
    import ckanapi

    from ckan.tests import factories
    from ckan.tests.helpers import call_action

    from tests.factories import warranted

    user = factories.Sysadmin()
    token = call_action("api_token_create", {"user": user["name"]},
                        user=user["name"], name="ckanapi")["token"]
    org = factories.Organization()
    remote = ckanapi.RemoteCKAN(portal, apikey=token)
    try:
        # a plain client sends the provider's warranty (表明保証) as one more field
        created = remote.action.package_create(**warranted(
            name="ckanapi-plain", title="Plain client", owner_org=org["id"],
            license_id="cc-by", notes="made by ckanapi",
            extras=[{"key": "legacy_code", "value": "A-1"}],
            resources=[{"url": "https://example.org/a.csv", "format": "csv "}]))
        shown = ckanapi.RemoteCKAN(portal).action.package_show(id=created["id"])
        assert shown["license_id"] == "cc-by-4.0"
        assert shown["resources"][0]["format"] == "CSV"
        assert {"key": "legacy_code", "value": "A-1"} in shown["extras"]

        with pytest.raises(ckanapi.ValidationError) as err:
            remote.action.package_create(**warranted(
                name="ckanapi-bad", title="Bad", owner_org=org["id"],
                license_id="cc-by", municipality_codes="131015"))
        assert "検査数字が正しくありません（正: 131016）" in str(err.value)
        with pytest.raises(ckanapi.NotFound):
            remote.action.package_show(id="ckanapi-bad")
    finally:
        for name in ("ckanapi-plain", "ckanapi-bad"):
            with contextlib.suppress(ckanapi.NotFound):
                remote.action.dataset_purge(id=name)
