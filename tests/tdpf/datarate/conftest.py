"""Shared by the data rate tests: two organisations with members and
datasets (``site``); a real HTTP server on 127.0.0.1 for the link checker
(the test ini allow-lists 127.0.0.1 in the outbound policy)."""
from __future__ import annotations

import http.server
import threading

import pytest

from ckan.tests import factories

from tests import factories as tdpf_factories


@pytest.fixture
def site(clean_db, clean_queues):
    """org-a (千代田区: a-rich, a-bare, the private a-secret) with its editor
    ``member``; org-b (新宿区: b-bare) with its editor ``outsider``; a user of
    no organisation (``lonely``) and an ``operator`` (sysadmin), all with
    API tokens."""
    operator = factories.SysadminWithToken()
    member, outsider, lonely = (factories.UserWithToken() for _ in range(3))
    org_a = factories.Organization(name="org-a", title="千代田区",
                                   users=[{"name": member["name"], "capacity": "editor"}])
    org_b = factories.Organization(name="org-b", title="新宿区",
                                   users=[{"name": outsider["name"], "capacity": "editor"}])
    rich = dict(notes="説明", tags=[{"name": "防災"}], theme=["population"],
                municipality_codes=["131016"], maintainer_email="a@example.jp")
    tdpf_factories.Dataset(name="a-rich", title="人口", owner_org=org_a["id"], **rich)
    tdpf_factories.Dataset(name="a-bare", title="最小限", owner_org=org_a["id"])
    tdpf_factories.Dataset(name="a-secret", title="内部資料", owner_org=org_a["id"],
                           private=True, **rich)
    tdpf_factories.Dataset(name="b-bare", title="新宿の最小限", owner_org=org_b["id"])
    return {"operator": operator, "member": member, "outsider": outsider, "lonely": lonely}


class _Handler(http.server.BaseHTTPRequestHandler):
    # path -> (status for HEAD, status for GET)
    ROUTES = {
        "/ok.csv": (200, 200),
        "/page.html": (200, 200),
        "/missing.csv": (404, 404),
        "/nohead.csv": (405, 206),  # HEAD refused, ranged GET works
    }
    seen: list[tuple[str, str, str]] = []

    def _answer(self, method: str) -> None:
        head, get = self.ROUTES.get(self.path, (404, 404))
        status = head if method == "HEAD" else get
        self.seen.append((method, self.path, self.headers.get("Range", "")))
        body = b"a,b\n1,2\n" if status < 300 else b"not found"
        self.send_response(status)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):  # noqa: N802
        self._answer("HEAD")

    def do_GET(self):  # noqa: N802
        self._answer("GET")

    def log_message(self, *args):
        pass


@pytest.fixture
def link_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Handler.seen
    finally:
        server.shutdown()
        server.server_close()
