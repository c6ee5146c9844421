"""The outbound-HTTP policy against real servers on 127.0.0.1. What the
policy waits (backoff, Retry-After, the per-host rate) goes through the
``clock`` fixture, so the tests assert the waits, not the machine's speed."""
from __future__ import annotations

import dataclasses
import http.server
import threading
import time

import pytest

from ckanext.tdpf import outbound
from ckanext.tdpf.outbound import FetchError, OutboundRefused, Policy


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path
        n = self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/ok":
            self._send(200, b'{"a": 1}', {"Content-Type": "application/json"})
        elif path == "/ua":
            self._send(200, self.headers.get("User-Agent", "").encode())
        elif path == "/sjis":
            self._send(200, "避難所一覧".encode("shift_jis"), {"Content-Type": "text/csv"})
        elif path == "/flaky":  # 503 twice, then fine
            self._send(503 if n <= 2 else 200, b"done")
        elif path == "/always500":
            self._send(500, b"<html>error</html>")
        elif path == "/busy":  # 429 with Retry-After once
            self._send(429, b"", {"Retry-After": "1"}) if n == 1 else self._send(200, b"ok")
        elif path == "/busy-forever":
            self._send(429, b"", {"Retry-After": "3600"})
        elif path == "/notfound":
            self._send(404, b"no")
        elif path == "/slow":
            time.sleep(2)
            self._send(200, b"late")
        elif path == "/big":  # no Content-Length: the limit must hold while streaming
            self.send_response(200)
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x" * 65536)
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif path.startswith("/redirect?to="):
            self._send(302, b"", {"Location": path.split("=", 1)[1]})
        elif path == "/loop":
            self._send(302, b"", {"Location": "/loop"})
        else:
            self._send(404)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def _reset_hits():
    _Handler.hits.clear()


class _Clock:
    """outbound's ``time``: a sleep is recorded and moves the clock on at once."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

    time = staticmethod(time.time)  # wall time, for Retry-After dates


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(outbound, "time", fake)
    monkeypatch.setattr(outbound, "_next_slot", {})  # rate-limit slots of the real clock
    return fake


LOCAL = Policy(timeout=1, retries=2, backoff=0.05, max_bytes=1024 * 1024,
               allow_hosts=("127.0.0.1",), rate=0)


def test_fetch_ok_json_and_user_agent(server):
    resp = outbound.fetch(server + "/ok", policy=LOCAL)
    assert resp.status == 200 and resp.json() == {"a": 1}
    assert resp.url == server + "/ok"
    ua = outbound.fetch(server + "/ua", policy=Policy(allow_hosts=("127.0.0.1",),
                                                      user_agent="tdpf-test/1", rate=0))
    assert ua.text == "tdpf-test/1"


def test_shift_jis_without_charset_is_decoded(server):
    assert outbound.fetch(server + "/sjis", policy=LOCAL).text == "避難所一覧"


def test_loopback_refused_unless_allowed(server):
    with pytest.raises(OutboundRefused) as e:
        outbound.fetch(server + "/ok", policy=Policy(rate=0))
    assert "127.0.0.1" in str(e.value) and "loopback" in str(e.value)
    assert _Handler.hits == {}, "a refused URL must not be contacted"


@pytest.mark.parametrize(("url", "words"), [
    ("file:///etc/passwd", "only http:// and https://"),
    ("ftp://example.org/x", "only http:// and https://"),
    ("gopher://127.0.0.1/", "only http:// and https://"),
    ("/relative/path", "only http:// and https://"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://10.1.2.3/", "private"),
    ("http://[::1]:8080/", "loopback"),
    ("http://0.0.0.0/", "reserved"),
    ("http://user:pw@example.org/", "credentials"),
])
def test_check_url_refuses_with_a_clear_message(url, words):
    with pytest.raises(OutboundRefused) as e:
        outbound.check_url(url, Policy())
    assert words in str(e.value) and "Refused" in str(e.value)


def test_allow_list_accepts_cidr_and_hostnames():
    outbound.check_url("http://10.1.2.3/", Policy(allow_hosts=("10.0.0.0/8",)))
    outbound.check_url("http://localhost:5000/", Policy(allow_hosts=("localhost",)))
    with pytest.raises(OutboundRefused):
        outbound.check_url("http://10.1.2.3/", Policy(allow_hosts=("192.168.0.0/16",)))


def test_deny_list_wins_over_allow_list_and_public_addresses(server):
    deny_ip = Policy(allow_hosts=("127.0.0.1",), deny_hosts=("127.0.0.0/8",), rate=0)
    with pytest.raises(OutboundRefused, match="deny list"):
        outbound.fetch(server + "/ok", policy=deny_ip)
    assert _Handler.hits == {}, "a denied URL must not be contacted"
    deny_name = Policy(deny_hosts=("example.org",))
    for url in ("http://example.org/a.csv", "https://data.example.org/b.csv"):
        with pytest.raises(OutboundRefused, match="deny list"):
            outbound.check_url(url, deny_name)
    outbound.check_url("http://notexample.org/", deny_name)  # only the domain and its subdomains


def test_redirect_to_other_private_address_refused(server):
    # 127.0.0.1 is allowed, 127.0.0.2 is not: the hop must be checked again.
    with pytest.raises(OutboundRefused) as e:
        outbound.fetch(server + "/redirect?to=http://127.0.0.2:1/x", policy=LOCAL)
    assert "127.0.0.2" in str(e.value)
    with pytest.raises(OutboundRefused) as e:
        outbound.fetch(server + "/redirect?to=file:///etc/passwd", policy=LOCAL)
    assert "file://" in str(e.value)


def test_redirect_followed_and_final_url_reported(server):
    resp = outbound.fetch(server + "/redirect?to=/ok", policy=LOCAL)
    assert resp.status == 200 and resp.url == server + "/ok"


def test_redirect_loop_stops(server):
    with pytest.raises(FetchError, match="redirects"):
        outbound.fetch(server + "/loop", policy=LOCAL)


def test_retries_5xx_then_succeeds(server, clock):
    assert outbound.fetch(server + "/flaky", policy=LOCAL).text == "done"
    assert _Handler.hits["/flaky"] == 3
    assert clock.sleeps == [0.05, 0.1], "backoff doubles"


def test_gives_up_after_retries_with_readable_error(server):
    with pytest.raises(FetchError) as e:
        outbound.fetch(server + "/always500", policy=LOCAL)
    assert "HTTP 500" in str(e.value) and "3 attempts" in str(e.value)
    assert e.value.status == 500
    assert _Handler.hits["/always500"] == 3


def test_4xx_not_retried(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        outbound.fetch(server + "/notfound", policy=LOCAL)
    assert _Handler.hits["/notfound"] == 1


def test_429_honours_retry_after(server, clock):
    assert outbound.fetch(server + "/busy", policy=LOCAL).text == "ok"
    assert _Handler.hits["/busy"] == 2
    assert clock.sleeps == [1.0], "Retry-After: 1 wins over the 0.05 s backoff"


def test_429_with_huge_retry_after_fails_instead_of_stalling(server, clock):
    with pytest.raises(FetchError, match="retry after 3600"):
        outbound.fetch(server + "/busy-forever", policy=LOCAL)
    assert _Handler.hits["/busy-forever"] == 1
    assert clock.sleeps == []


def test_timeout_is_enforced_and_retried(server, clock):
    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        outbound.fetch(server + "/slow", policy=LOCAL, timeout=0.3)
    assert _Handler.hits["/slow"] == 3
    assert clock.sleeps == [0.05, 0.1]


def test_size_limit_while_streaming_and_declared(server):
    with pytest.raises(FetchError, match="exceeds the limit of 1,048,576 bytes"):
        outbound.fetch(server + "/big", policy=LOCAL)
    with pytest.raises(FetchError, match="52,428,800 bytes exceeds"):
        outbound.fetch(server + "/big-declared", policy=LOCAL)
    assert len(outbound.fetch(server + "/big", policy=LOCAL,
                              max_bytes=10 * 1024 * 1024).content) == 100 * 65536


def test_rate_limit_spaces_requests_to_one_host(server, clock):
    policy = Policy(allow_hosts=("127.0.0.1",), rate=5)
    for _ in range(4):
        outbound.fetch(server + "/ok", policy=policy)
    assert clock.sleeps == [0.2, 0.2, 0.2]
    clock.now += 10  # a host not asked for a while is asked at once
    outbound.fetch(server + "/ok", policy=policy)
    assert clock.sleeps == [0.2, 0.2, 0.2]


def test_unresolvable_host_accepted_when_configured_refused_when_fetched():
    outbound.check_url("http://no-such-host.invalid/", Policy())  # may resolve later
    with pytest.raises(FetchError, match="Cannot resolve"):
        outbound.fetch("http://no-such-host.invalid/", policy=Policy(rate=0))
    # what code storing the URL for later can tell its user at once
    assert outbound.unresolved_host("http://no-such-host.invalid/", Policy()) == \
        "no-such-host.invalid"
    assert outbound.unresolved_host("http://127.0.0.1:9/", Policy()) is None
    allowed = Policy(allow_hosts=("no-such-host.invalid",))  # by name: not looked up
    assert outbound.unresolved_host("http://no-such-host.invalid/", allowed) is None


def test_policy_from_config_reads_declared_options(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.allow_hosts",
                        ["127.0.0.1", "10.0.0.0/8"])
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.timeout", 7)
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.deny_hosts", ["10.9.0.0/16"])
    policy = Policy.from_config()
    with pytest.raises(OutboundRefused, match="deny list"):
        outbound.check_url("http://10.9.9.9/", policy)
    policy = dataclasses.replace(policy, deny_hosts=())
    assert policy.timeout == 7 and policy.retries == 3
    assert policy.max_bytes == 20 * 1024 * 1024
    outbound.check_url("http://10.9.9.9/", policy)
