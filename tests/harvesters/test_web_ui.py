"""ckanext-harvest's web pages in Japanese, with per-source status."""
from __future__ import annotations

import re

from .conftest import harvest


def test_source_page_in_japanese_with_last_run_counts(app, remote, make_source, sysadmin):
    source = make_source(remote.url)
    harvest(source)
    from ckan.tests import factories
    token = factories.APIToken(user=sysadmin["name"])["token"]
    headers = {"Authorization": token}
    listing = app.get("/harvest", headers=headers)
    assert "ハーベストソース" in listing.body and "千代田区オープンデータカタログ" in listing.body
    page = app.get(f"/harvest/admin/{source['name']}", headers=headers)
    assert "最新のハーベストジョブ" in page.body
    # the last job's counts, as badges: 12 datasets added, nothing else
    badges = {m.group(1): " ".join(m.group(2).split()) for m in re.finditer(
        r'<span class="badge[^"]*" data-diff="([^"]+)">(.*?)</span>', page.body, re.S)}
    assert badges["added"] == "12 追加"
    assert badges["updated"].startswith("0 ") and badges["deleted"].startswith("0 ")
    assert badges["error"] == "0" or badges["error"].startswith("0 ")
    assert "再ハーベスト" in page.body


def test_refused_source_url_shown_on_the_form(app, make_source, sysadmin):
    from ckan.tests import factories
    token = factories.APIToken(user=sysadmin["name"])["token"]
    resp = app.post("/api/3/action/harvest_source_create", json={
        "name": "local-file", "title": "x", "url": "file:///etc/passwd",
        "source_type": "tdpf_dcat"}, headers={"Authorization": token}, status=409)
    assert "only http:// and https://" in resp.json["error"]["url"][0]


def test_a_host_that_does_not_resolve_is_said_at_creation(app, make_source, sysadmin):
    from ckan.tests import factories
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    org = factories.Organization()
    source = {"name": "nowhere", "title": "どこにもない", "url": "https://nonexistent.invalid/",
              "source_type": "tdpf_ckan", "owner_org": org["id"]}
    resp = app.post("/api/3/action/harvest_source_create", json=source, headers=headers,
                    status=409)
    assert resp.json["error"]["url"] == [
        "ホスト名 nonexistent.invalid を解決できません。URL を確認してください。"]
    # an existing source whose host stops resolving can still be edited
    made = make_source("http://127.0.0.1:9/", name="edited-later")
    from ckan import model

    from ckanext.harvest.model import HarvestSource
    model.Session.execute(HarvestSource.__table__.update().where(
        HarvestSource.id == made["id"]).values(url="https://nonexistent.invalid/"))
    model.Session.commit()
    app.post("/api/3/action/package_patch", json={"id": made["id"], "title": "新しい題名",
             "url": "https://nonexistent.invalid/"}, headers=headers, status=200)
    # changing it to such a host is refused
    app.post("/api/3/action/package_patch", json={"id": made["id"],
             "url": "https://other.nonexistent.invalid/"}, headers=headers, status=409)
