"""Which requests are not people: crawlers, link checkers, monitors and
previews. Two rule sets, because a script downloading open data is real
use while nobody reads a dataset page with curl:

- page views exclude :data:`CRAWLERS` and :data:`CLIENTS` (HTTP libraries
  and command-line tools, headless browsers);
- downloads exclude :data:`CRAWLERS` only.

Both exclude an empty User-Agent, HEAD requests and browser prefetches
(``Purpose``/``Sec-Purpose: prefetch``). ``ckanext.tdpf.usage.bot_agents``
adds a site's own patterns (a regular expression)."""
from __future__ import annotations

import functools
import re

from .. import config as tdpf_config

CRAWLERS = (
    r"bot\b", r"bot/", r"crawl", r"spider", r"slurp", r"scrap", r"archiver",
    r"facebookexternalhit", r"embedly", r"preview", r"monitor", r"pingdom",
    r"uptime", r"statuscake", r"lighthouse", r"pagespeed", r"linkcheck",
    r"validator", r"feedfetcher", r"mediapartners", r"ia_archiver", r"tdpf-",
)
CLIENTS = (
    r"^curl/", r"^wget/", r"python-requests", r"python-urllib", r"python-httpx",
    r"aiohttp", r"go-http-client", r"^java/", r"okhttp", r"libwww", r"httpclient",
    r"node-fetch", r"axios", r"headlesschrome", r"phantomjs", r"^ckan",
)


@functools.lru_cache(maxsize=8)
def _pattern(extra: str, kind: str) -> re.Pattern[str]:
    parts: list[str] = [*CRAWLERS, *(CLIENTS if kind == "view" else ())]
    if extra:
        parts.append(f"(?:{extra})")
    return re.compile("|".join(parts), re.IGNORECASE)


def is_bot(user_agent: str | None, kind: str = "view", method: str = "GET",
           purpose: str = "") -> bool:
    """True when a request of ``kind`` ("view" or "download") is not counted."""
    if method != "GET" or "prefetch" in (purpose or "").lower():
        return True
    agent = (user_agent or "").strip()
    if not agent:
        return True
    return bool(_pattern(tdpf_config.usage_bot_agents(), kind).search(agent))
