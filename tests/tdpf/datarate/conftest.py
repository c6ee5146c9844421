"""A real HTTP server on 127.0.0.1 for the link checker (the test ini
allow-lists 127.0.0.1 in the outbound policy)."""
from __future__ import annotations

import http.server
import threading

import pytest


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
