"""The one outbound-HTTP policy of the bundle.

Harvesters, the link checker and the personal-data scanner fetch remote
URLs only through :func:`fetch`, so every request has a timeout, a size
limit, retries with backoff, a per-host rate limit, and is refused when it
targets anything but http(s) on a public address (unless allow-listed).
Redirects are followed here, one hop at a time, each hop checked again.

The address check resolves the host just before connecting; a DNS answer
that changes between the check and the connection (rebinding) is caught
by comparing the connected peer with the checked addresses.
"""
from __future__ import annotations

import codecs
import contextlib
import ipaddress
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import IO, Any

import requests

__all__ = ["OutboundRefused", "FetchError", "Policy", "Response", "TooLarge", "check_url",
           "fetch", "unresolved_host"]

SCHEMES = ("http", "https")
MAX_REDIRECTS = 10
MAX_RETRY_AFTER = 120.0  # seconds; a longer Retry-After fails the request instead of stalling
_RETRY_STATUS = {429, 500, 502, 503, 504}


class OutboundRefused(Exception):
    """The URL may not be fetched (scheme, private address, bad URL)."""


class FetchError(Exception):
    """The fetch failed: timeout, too large, HTTP error after retries."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class _Retryable(FetchError):
    """Worth another attempt (timeout, connection error, 5xx, 429)."""

    delay: float | None = None  # Retry-After, when the server gave one


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_allow(items: Iterable[str]) -> tuple[frozenset[str], tuple[Network, ...]]:
    names, nets = set(), []
    for item in items:
        item = item.strip().lower()
        if not item:
            continue
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            names.add(item.rstrip("."))
    return frozenset(names), tuple(nets)


@dataclass(frozen=True)
class Policy:
    """How outbound requests behave. ``rate`` is requests per second per host
    (0 = unlimited); ``allow_hosts`` holds hostnames, IPs or CIDRs that may
    resolve to non-public addresses; ``deny_hosts`` those never contacted,
    public or not (deny wins over allow)."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    max_bytes: int = 20 * 1024 * 1024
    allow_hosts: tuple[str, ...] = ()
    deny_hosts: tuple[str, ...] = ()
    user_agent: str = "TDPF-catalog"
    rate: float = 1.0
    _allow: tuple[frozenset[str], tuple[Network, ...]] = field(
        init=False, repr=False, compare=False)
    _deny: tuple[frozenset[str], tuple[Network, ...]] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_allow", _parse_allow(self.allow_hosts))
        object.__setattr__(self, "_deny", _parse_allow(self.deny_hosts))

    @classmethod
    def from_config(cls) -> Policy:
        from . import config as tdpf_config

        return cls(
            timeout=tdpf_config.outbound_timeout(),
            retries=tdpf_config.outbound_retries(),
            backoff=tdpf_config.outbound_backoff(),
            max_bytes=tdpf_config.outbound_max_bytes(),
            allow_hosts=tuple(tdpf_config.outbound_allow_hosts()),
            deny_hosts=tuple(tdpf_config.outbound_deny_hosts()),
            user_agent=tdpf_config.outbound_user_agent(),
            rate=tdpf_config.outbound_rate_limit(),
        )

    def denied(self, host: str, addr=None) -> bool:
        names, nets = self._deny
        name = host.lower().rstrip(".")
        if name in names or any(name.endswith("." + n) for n in names):
            return True
        return addr is not None and any(
            addr in net for net in nets if net.version == addr.version)

    def host_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".") in self._allow[0]

    def address_allowed(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(addr in net for net in self._allow[1] if net.version == addr.version)


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    url: str
    content: bytes
    encoding: str | None = None

    @property
    def text(self) -> str:
        return self.content.decode(self.guess_encoding(), errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except ValueError as e:
            raise FetchError(f"{self.url}: the response is not valid JSON ({e})",
                             self.status) from e

    def guess_encoding(self) -> str:
        """Declared charset if valid, else UTF-8 if it decodes, else the
        best guess (Japanese sites still serve Shift_JIS without saying so)."""
        if self.encoding:
            try:
                return codecs.lookup(self.encoding).name
            except LookupError:
                pass
        try:
            self.content.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(self.content[:200_000]).best()
        return best.encoding if best else "utf-8"


# -- checks -----------------------------------------------------------------

def _public(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return not (addr.is_private or addr.is_loopback or addr.is_link_local
                or addr.is_reserved or addr.is_multicast or addr.is_unspecified
                or not addr.is_global)


def _split(url: str) -> tuple[str, int]:
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise OutboundRefused(f"Invalid URL {url!r}: {e}") from e
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}://" if scheme else "no scheme"
        raise OutboundRefused(
            f"Refused {url!r}: only http:// and https:// URLs may be fetched ({shown} given)")
    if not parts.hostname:
        raise OutboundRefused(f"Refused {url!r}: the URL has no host")
    if parts.username or parts.password:
        raise OutboundRefused(f"Refused {url!r}: credentials in URLs are not accepted")
    return parts.hostname, port or (443 if scheme == "https" else 80)


def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"Cannot resolve host {host!r}: {e}") from e
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def _checked_addresses(url: str, policy: Policy) -> set[str]:
    """Raise unless every address of the URL's host may be contacted;
    return those addresses (empty when the hostname itself is allowed)."""
    host, port = _split(url)
    if policy.denied(host):
        raise OutboundRefused(f"Refused {url!r}: {host} is on the deny list "
                              "(ckanext.tdpf.outbound.deny_hosts)")
    if policy.host_allowed(host):
        return set()
    addrs = _resolve(host, port)
    for addr in addrs:
        if policy.denied(host, addr):
            raise OutboundRefused(f"Refused {url!r}: {host} resolves to {addr}, on the "
                                  "deny list (ckanext.tdpf.outbound.deny_hosts)")
        if not _public(addr) and not policy.address_allowed(addr):
            raise OutboundRefused(
                f"Refused {url!r}: {host} resolves to {addr}, a loopback, private, "
                "link-local or reserved address (allow it with "
                "ckanext.tdpf.outbound.allow_hosts if intended)")
    return {str(a) for a in addrs}


def check_url(url: str, policy: Policy | None = None) -> None:
    """Raise :class:`OutboundRefused` if ``url`` may not be fetched.

    A host that does not resolve now is not refused (offline setup, DNS
    hiccup): every fetch checks the addresses again."""
    with contextlib.suppress(FetchError):
        _checked_addresses(url, policy or Policy.from_config())


def unresolved_host(url: str, policy: Policy | None = None) -> str | None:
    """The host of ``url`` when it has no address now, else None (a host
    allowed by name is not looked up). :func:`check_url` lets such a URL
    pass; code that stores a URL for later fetches (a harvest source) can
    tell its user at once."""
    host, port = _split(url)
    if (policy or Policy.from_config()).host_allowed(host):
        return None
    try:
        _resolve(host, port)
    except FetchError:
        return host
    return None


# -- rate limit ---------------------------------------------------------------

_next_slot: dict[str, float] = {}
_slot_lock = threading.Lock()


def _wait_turn(host: str, rate: float) -> None:
    """Space requests to one host at least 1/rate seconds apart (per process)."""
    if rate <= 0:
        return
    with _slot_lock:
        now = time.monotonic()
        slot = max(now, _next_slot.get(host, 0.0))
        _next_slot[host] = slot + 1.0 / rate
    if slot > now:
        time.sleep(slot - now)


# -- fetching -------------------------------------------------------------------

def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delay or HTTP date), if readable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _peer_ok(resp: requests.Response, allowed: set[str]) -> bool:
    """The connected peer is one of the checked addresses (DNS rebinding)."""
    if not allowed:
        return True
    try:
        sock = resp.raw._connection.sock  # noqa: SLF001 - urllib3 keeps it here
        peer = sock.getpeername()[0]
    except Exception:  # noqa: BLE001 - connection already released: cannot tell
        return True
    return peer.split("%")[0] in allowed


class TooLarge(FetchError):
    """The response is larger than the size limit."""


def _read_body(resp: requests.Response, url: str, limit: int, sink: IO[bytes] | None = None
               ) -> bytes:
    """The body, or b"" when it was written to ``sink`` (bounded memory)."""
    length = resp.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise TooLarge(f"{url}: response of {int(length):,} bytes exceeds the "
                       f"limit of {limit:,} bytes", resp.status_code)
    if sink is not None:
        sink.seek(0)
        sink.truncate()  # a retry starts the file again
    chunks, size = [], 0
    for chunk in resp.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"{url}: response exceeds the limit of {limit:,} bytes",
                           resp.status_code)
        if sink is not None:
            sink.write(chunk)
        else:
            chunks.append(chunk)
    return b"".join(chunks)


def _one_request(session: requests.Session, method: str, url: str, headers: dict,
                 policy: Policy, limit: int, timeout: float,
                 sink: IO[bytes] | None = None) -> Response:
    allowed = _checked_addresses(url, policy)
    _wait_turn(urllib.parse.urlsplit(url).netloc.lower(), policy.rate)
    try:
        with session.request(method, url, headers=headers, timeout=timeout,
                             allow_redirects=False, stream=True) as resp:
            if not _peer_ok(resp, allowed):
                raise OutboundRefused(f"Refused {url!r}: the host's address changed "
                                      "after it was checked")
            content = (b"" if method == "HEAD" or resp.status_code in (301, 302, 303, 304, 307, 308)
                       else _read_body(resp, url, limit, sink if resp.status_code < 300 else None))
            return Response(resp.status_code, resp.headers, url, content,
                            requests.utils.get_encoding_from_headers(resp.headers)
                            if "charset" in resp.headers.get("Content-Type", "") else None)
    except requests.Timeout as e:
        raise _Retryable(f"{url}: no answer within {timeout:g} s") from e
    except requests.ConnectionError as e:
        raise _Retryable(f"{url}: connection failed ({_reason(e)})") from e
    except requests.RequestException as e:
        raise FetchError(f"{url}: {_reason(e)}") from e


def _reason(e: Exception) -> str:
    text = str(e.args[0] if e.args else e)
    return text.split(": ", 1)[-1][:300]


def _follow(session, method, url, headers, policy, limit, timeout, sink=None) -> Response:
    """One attempt: follow redirects manually, each hop checked."""
    for _ in range(MAX_REDIRECTS + 1):
        resp = _one_request(session, method, url, headers, policy, limit, timeout, sink)
        location = resp.headers.get("Location")
        if resp.status in (301, 302, 303, 307, 308) and location:
            url = urllib.parse.urljoin(url, location)
            if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                method = "GET"
            continue
        if resp.status in _RETRY_STATUS:
            err = _Retryable(f"{url}: HTTP {resp.status}", resp.status)
            if resp.status in (429, 503):
                err.delay = _retry_after(resp.headers.get("Retry-After"))
            raise err
        if resp.status >= 400:
            raise FetchError(f"{url}: HTTP {resp.status}", resp.status)
        return resp
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def fetch(url: str, *, policy: Policy | None = None, method: str = "GET",
          headers: Mapping[str, str] | None = None, max_bytes: int | None = None,
          timeout: float | None = None, sink: IO[bytes] | None = None) -> Response:
    """Fetch ``url`` under the outbound policy.

    :param url: an http(s) URL
    :param policy: defaults to :meth:`Policy.from_config`
    :param method: HTTP method (GET or HEAD for checks)
    :param headers: extra request headers
    :param max_bytes: size limit for this call (default: the policy's)
    :param timeout: seconds per request (connect and each read)
    :param sink: a binary file the 2xx body is streamed to instead of held
        in memory (``Response.content`` is then b""; the file pipeline)
    :raises TooLarge: the body exceeds the size limit (a FetchError)
    :raises OutboundRefused: scheme or address not allowed (also on a redirect)
    :raises FetchError: timeout, too large, HTTP >= 400 after retries
    """
    policy = policy or Policy.from_config()
    limit = max_bytes or policy.max_bytes
    timeout = timeout or policy.timeout
    hdrs = {"User-Agent": policy.user_agent, **(headers or {})}
    with requests.Session() as session:
        session.trust_env = False  # proxies from the environment would bypass the checks
        for attempt in range(policy.retries + 1):
            try:
                return _follow(session, method.upper(), url, hdrs, policy, limit, timeout, sink)
            except _Retryable as e:
                if attempt >= policy.retries:
                    raise FetchError(f"{e} (after {attempt + 1} attempts)", e.status) from e
                delay = policy.backoff * (2 ** attempt)
                if e.delay is not None:
                    if e.delay > MAX_RETRY_AFTER:
                        raise FetchError(f"{e}: asked to retry after {e.delay:.0f} s",
                                         e.status) from e
                    delay = max(delay, e.delay)
                time.sleep(delay)
    raise AssertionError("unreachable")
