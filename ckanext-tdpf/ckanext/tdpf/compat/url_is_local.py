"""Replaces ``ckan.lib.helpers.url_is_local`` (also the template helper
``h.url_is_local``), which decides where the login and logout pages send
the browser next (``came_from``, ``next``).

CKAN's version calls local whatever has no scheme and does not start with
``//``. Browsers read ``\\evil.example``, ``/\\evil.example`` and
``<tab>//evil.example`` as ``//evil.example``: an open redirect off the
site. And ``\\evil.example`` reaches ``redirect_to``, which takes any text
not starting with ``/`` for a route name: ``url_for`` fails and the login
answers 500. Here a local address is a path starting with one ``/`` (no
backslash, control character or surrounding space), or an http(s) URL on
the site's own host; anything else is not local and the pages fall back to
their default (the dashboard)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

REPLACES = "ckan.lib.helpers.url_is_local"
WRITTEN_FOR = {"ckan": "2.12.0"}
# a whole helper replaced by one that needs nothing of CKAN's but url_for
KEEP_ON_OTHER_VERSIONS = True
IF_OTHER_VERSION = "Kept on: it replaces a whole helper and relies on nothing else of CKAN's."


def url_is_local(url: Any) -> bool:
    """True if ``url`` leads to a page of this site."""
    from ckan.lib.helpers import url_for

    if not isinstance(url, str) or not url or url != url.strip():
        return False
    if "\\" in url or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    parsed = urlparse(url)
    site = urlparse(url_for("/", qualified=True))
    return parsed.scheme in ("http", "https") and parsed.netloc == site.netloc


def install(on: bool) -> None:
    from ckan.lib import helpers

    if not on:
        return

    helpers.url_is_local = url_is_local
    helpers._builtin_functions["url_is_local"] = url_is_local
    if "url_is_local" in helpers.helper_functions:  # templates' h, once built
        helpers.helper_functions["url_is_local"] = url_is_local
