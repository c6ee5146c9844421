"""Uploads never run script in the portal's origin (issue 15 #3): an HTML
or SVG file uploaded through the Action API is downloaded, from CKAN's
route and the market's, as an attachment with nosniff and a sandboxing
CSP; a CSV may still be shown, under the same sandbox."""
from __future__ import annotations

import json

import pytest

from ckan.tests import factories

from tests.factories import Dataset, warranted

EVIL_HTML = b"<!doctype html><title>x</title><script>document.cookie</script><h1>evil</h1>"
EVIL_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(document.domain)</script></svg>')
CSV = b"name,count\nshelter,12\n"


@pytest.fixture
def site(clean_db):
    provider = factories.User()
    org = factories.Organization(users=[{"name": provider["name"], "capacity": "editor"}])
    dataset = Dataset(owner_org=org["id"], user=provider, name="uploads")
    token = factories.APIToken(user=provider["name"])["token"]
    return {"dataset": dataset, "auth": {"Authorization": token}}


def _upload(app, site, filename: str, data: bytes) -> dict:
    """resource_create with a file, over HTTP as a provider's client sends it."""
    from io import BytesIO

    fields = {key: json.dumps(value) for key, value in warranted().items()}  # the trust gate's
    answer = app.post("/api/3/action/resource_create", headers=site["auth"], data={
        "package_id": site["dataset"]["id"], "name": filename,
        "upload": (BytesIO(data), filename), **fields})
    assert answer.status_code == 200, answer.text[:300]
    _scan_now()
    return answer.json["result"]


def _scan_now() -> None:
    """The trust plugin's personal-data scan (a new file of a public dataset
    is not served before it)."""
    from ckanext.tdpf_trust.scan import jobs

    jobs.run_queued()


def _assert_sandboxed(answer) -> None:
    assert answer.status_code == 200, answer.status_code
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    policy = answer.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy


@pytest.mark.parametrize(("filename", "data", "served_as"), [
    ("evil.html", EVIL_HTML, "text/html"), ("evil.svg", EVIL_SVG, "image/svg+xml"),
    ("evil.xhtml", EVIL_HTML, "application/xhtml+xml")])
def test_active_content_is_an_attachment_in_a_sandbox(app, site, filename, data, served_as):
    res = _upload(app, site, filename, data)
    assert res["url"].endswith(f"/download/{filename}")  # the address CKAN shows
    pkg = site["dataset"]["name"]
    for path in (f"/dataset/{pkg}/resource/{res['id']}/download/{filename}",
                 f"/dataset/{pkg}/resource/{res['id']}/download",
                 f"/market/download/{res['id']}"):
        answer = app.get(path)  # anonymously: a public dataset's file
        _assert_sandboxed(answer)
        if path.endswith(filename):  # typed from the name (else the resource's type)
            assert answer.headers["Content-Type"].startswith(served_as), path
        disposition = answer.headers["Content-Disposition"]
        assert disposition == f"attachment; filename={filename}", (path, disposition)
        assert answer.data == data
    # any name in the address (CKAN serves the file whatever it is)
    answer = app.get(f"/dataset/{pkg}/resource/{res['id']}/download/避難所.html")
    _assert_sandboxed(answer)
    assert answer.headers["Content-Disposition"] == (
        "attachment; filename=.html; filename*=UTF-8''%E9%81%BF%E9%9B%A3%E6%89%80.html")
    # a name that cannot be a header (CKAN's view: 500)
    answer = app.get(f"/dataset/{pkg}/resource/{res['id']}/download/a%0D%0Ab.html")
    assert answer.status_code == 400 and "制御文字" in answer.text


def test_a_csv_is_shown_but_sandboxed_too(app, site):
    res = _upload(app, site, "counts.csv", CSV)
    answer = app.get(f"/dataset/{site['dataset']['name']}/resource/{res['id']}/download")
    _assert_sandboxed(answer)
    assert not answer.headers.get("Content-Disposition", "").startswith("attachment")


def test_a_refused_download_is_a_page_with_the_page_headers(app, site):
    answer = app.get(f"/dataset/{site['dataset']['name']}/resource/nothing-here/download")
    assert answer.status_code == 404
    assert "sandbox" not in answer.headers["Content-Security-Policy"]


def test_uploaded_images_are_sandboxed_too(app, clean_db):
    """Organisation and user images (/uploads/, served from the storage
    path): an SVG there is saved, not shown."""
    from pathlib import Path

    from ckan.common import config

    folder = Path(config["ckan.storage_path"]) / "storage" / "uploads" / "group"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t15-evil.svg").write_bytes(EVIL_SVG)
    try:
        answer = app.get("/uploads/group/t15-evil.svg")
        _assert_sandboxed(answer)
        assert answer.headers["Content-Disposition"] == "attachment; filename=t15-evil.svg"
    finally:
        (folder / "t15-evil.svg").unlink()
