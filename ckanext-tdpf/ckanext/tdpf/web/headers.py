"""Headers every page and API answer carries: a Content-Security-Policy
that runs only scripts served by the site itself (no inline script, no
eval: an injected ``<script>`` or ``onclick`` does not run), framing by
the site only (``frame-ancestors``, and ``X-Frame-Options`` for older
browsers), ``nosniff`` and a referrer policy that sends other sites the
origin only.

Styles may be inline (CKAN's and our templates use style attributes, htmx
adds one style element). Images may come from any https site (logos and
previews of harvested organisations and datasets). Operators extend the
sources with ``ckanext.tdpf.web.csp.extra_sources`` and can try a policy
out with ``ckanext.tdpf.web.csp.report_only``."""
from __future__ import annotations

import functools
import re
from urllib.parse import urlparse

from flask import Response

import ckan.plugins.toolkit as tk

from .. import config as tdpf_config

_PAGE_POLICY = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "https:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'self'",),
}
# 'self' also means the origin of ckan.site_url, which CKAN's JavaScript
# and qualified links use even when the browser came by another name
_SITE_TOO = ("default-src", "script-src", "style-src", "img-src", "font-src",
             "connect-src", "form-action")
_DIRECTIVE = re.compile(r"^[a-z][a-z-]*$")

FIXED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def parse_sources(text: str) -> dict[str, tuple[str, ...]]:
    """``"img-src https://a.example; connect-src https://b.example"`` as
    {directive: sources}; a part that is not a directive name followed by
    sources is refused (ValueError), so a typo cannot widen the policy."""
    parsed: dict[str, tuple[str, ...]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, *sources = part.split()
        if not _DIRECTIVE.match(name) or not sources or any("," in s for s in sources):
            raise ValueError(f"not a CSP directive with sources: {part!r}")
        parsed[name] = parsed.get(name, ()) + tuple(sources)
    return parsed


@functools.lru_cache(maxsize=8)
def page_policy(site_url: str, extra_sources: str) -> str:
    policy = dict(_PAGE_POLICY)
    site = urlparse(site_url)
    if site.scheme in ("http", "https") and site.netloc:
        origin = f"{site.scheme}://{site.netloc}"
        for name in _SITE_TOO:
            policy[name] += (origin,)
    for name, sources in parse_sources(extra_sources).items():
        known = policy.get(name, policy["default-src"] if name.endswith("-src") else ())
        policy[name] = known + tuple(s for s in sources if s not in known)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def policy_header() -> str:
    return ("Content-Security-Policy-Report-Only" if tdpf_config.web_csp_report_only()
            else "Content-Security-Policy")


def current_policy() -> str:
    return page_policy(tk.config.get("ckan.site_url") or "",
                       tdpf_config.web_csp_extra_sources())


def check_config() -> None:
    """Raises ValueError naming a malformed part of the extra sources."""
    current_policy()


def apply(response: Response) -> None:
    """The page headers (a view's own values win)."""
    for name, value in FIXED.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault(policy_header(), current_policy())
