"""A real HTTP server on 127.0.0.1 serving the pipeline's remote files
(the test ini allow-lists 127.0.0.1 in the outbound policy), counting
every request; a recording analyser in place of the core's."""
from __future__ import annotations

import hashlib
import http.server
import threading
from typing import ClassVar

import pytest

from ckanext.tdpf.files import analysers


class _Files(http.server.BaseHTTPRequestHandler):
    # path -> (body, content type, send validators)
    routes: ClassVar[dict[str, tuple[bytes, str, bool]]] = {}
    seen: ClassVar[list[tuple[str, str, str]]] = []

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        self.seen.append(("GET", path, self.headers.get("If-None-Match", "")))
        if path not in self.routes:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, ctype, validators = self.routes[path]
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if validators and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if validators:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Mon, 07 Dec 2026 10:00:00 GMT")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class FileServer:
    def __init__(self, url: str):
        self.url = url

    def serve(self, path: str, body: bytes, ctype: str = "text/csv",
              validators: bool = True) -> str:
        _Files.routes[path] = (body, ctype, validators)
        return self.url + path

    def gets(self, path: str) -> list[tuple[str, str, str]]:
        return [s for s in _Files.seen if s[1] == path]


@pytest.fixture(scope="module")
def _server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def file_server(_server):
    _Files.routes.clear()
    _Files.seen.clear()
    return FileServer(_server)


@pytest.fixture
def recorded(monkeypatch):
    """The core's analysers replaced by one that records each copy it saw
    (its path's bytes' hash, format, gated) and returns its header line."""
    seen: list[dict] = []

    def record(copy):
        with open(copy.path, "rb") as stream:
            data = stream.read()
        seen.append({"sha256": hashlib.sha256(data).hexdigest(), "format": copy.format,
                     "gated": copy.gated, "resource": copy.resource["id"],
                     "size": copy.size})
        return {"first_line": data.split(b"\n", 1)[0].decode("utf-8", "replace")}

    monkeypatch.setattr(analysers, "CORE", {"recorder": record})
    return seen
