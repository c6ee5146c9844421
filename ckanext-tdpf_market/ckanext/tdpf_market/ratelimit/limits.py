"""The limits per tier and scope, the check of a request and its answer (429,
rate-limit headers)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from flask import g, request
from werkzeug.wrappers import Response

import ckan.plugins.toolkit as tk

from ckanext.tdpf import participants
from ckanext.tdpf.ops import metrics

from . import bucket

SCOPES = ("api", "download")
TIERS = ("anonymous", *participants.TIERS)
API_PATH = re.compile(r"^/api/(\d+/)?action/")
# the gated download route (also for signed URLs): limited as downloads
DOWNLOAD_ENDPOINTS = frozenset({"tdpf_market_access.download"})
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Limit:
    capacity: int
    period: float   # seconds to refill from empty

    @property
    def text(self) -> str:
        return f"{self.capacity}/{self.period:g}s"


def parse_limit(value: str) -> Limit:
    """``"60/m"`` → 60 requests, refilled over 60 s; ``"5/10s"`` → 5 per 10 s."""
    match = _LIMIT.match(str(value))
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"rate limit {value!r}: expected '<requests>/<period>' "
                         "such as '60/m', '5/10s' or '1000/h'")
    count, number, unit = match.groups()
    return Limit(int(count), (int(number) if number else 1) * _UNITS[unit])


def period_label(seconds: float) -> str:
    """"1 hour", "10 minutes", "30 seconds" (translated)."""
    for size, msgid in ((86400, "{n} day(s)"), (3600, "{n} hour(s)"), (60, "{n} minute(s)")):
        if seconds >= size and seconds % size == 0:
            return tk._(msgid).format(n=int(seconds // size))
    return tk._("{n} second(s)").format(n=f"{seconds:g}")


def enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.tdpf_market.ratelimit.enabled"))


def limit(scope: str, tier: str) -> Limit:
    return parse_limit(tk.config.get(f"ckanext.tdpf_market.ratelimit.{scope}.{tier}"))


def tier_of(user: Any) -> str:
    """``"operator"`` (unlimited), ``"paid"``, ``"free"`` or ``"anonymous"``
    for a user object (or None / anonymous)."""
    if user is None or not getattr(user, "is_authenticated", False) \
            or not getattr(user, "id", None):
        return "anonymous"
    if getattr(user, "sysadmin", False):
        return "operator"
    # the stored row: the profile would also ask for verification, which
    # the tier does not need
    from ..members import profile_row
    row = profile_row(user.id)
    tier = row.tier if row is not None and row.member_type else None
    return tier if tier and tier in TIERS else "anonymous"


def identity(user: Any, remote_addr: str | None) -> str:
    if user is not None and getattr(user, "is_authenticated", False) \
            and getattr(user, "id", None):
        return f"user:{user.id}"
    return f"ip:{remote_addr or 'unknown'}"


def status(user: Any, remote_addr: str | None = None) -> dict[str, Any]:
    """Limits and what is left now, per scope (for the user's API page)."""
    tier = tier_of(user)
    out: dict[str, Any] = {"tier": tier, "enabled": enabled(), "scopes": {}}
    for scope in SCOPES:
        if tier == "operator":
            out["scopes"][scope] = {"unlimited": True}
            continue
        lim = limit(scope, tier)
        now = bucket.peek(scope, identity(user, remote_addr), lim.capacity, lim.period)
        out["scopes"][scope] = {"unlimited": False, "limit": lim.capacity,
                                "period_seconds": lim.period,
                                "period": period_label(lim.period),
                                "remaining": now.remaining}
    return out


def _too_many(scope: str, lim: Limit, retry_after: int) -> Response:
    action = request.path.rstrip("/").rsplit("/", 1)[-1] if scope == "api" else ""
    body = {
        "help": tk.url_for("api.action", logic_function="help_show", ver=3,
                           name=action, _external=True) if action else "",
        "success": False,
        "error": {
            "__type": "Rate Limit Exceeded",
            "message": tk._("Too many requests: the limit is {limit} per {period}. "
                            "Try again in {retry} seconds.").format(
                                limit=lim.capacity, period=period_label(lim.period),
                                retry=retry_after),
            "retry_after": retry_after,
        },
    }
    response = Response(json.dumps(body, ensure_ascii=False), status=429,
                        content_type="application/json;charset=utf-8")
    response.headers["Retry-After"] = str(retry_after)
    return response


def _signed_user(req: Any) -> Any:
    """The member a signed download URL (``?token=``, from
    tdpf_resource_access) was issued to: such downloads carry no login, and
    they count against that member's tier, not the anonymous limit."""
    token = req.args.get("token")
    resource_id = (req.view_args or {}).get("resource_id")
    if not token or not resource_id:
        return None
    from ckan.model import User
    try:
        from ckanext.tdpf_market.access import signing
    except ImportError:
        return None
    claims = signing.verify(token, resource_id)
    return User.get(claims["u"]) if claims and claims.get("u") else None


def check(req: Any = None, scope: str = "download") -> Response | None:
    """Take one token for the current request; the 429 response to return
    when none is left, else None. Once per request: a second call (the hook
    and the view both) does not take a second token."""
    if not enabled() or g.get("_tdpf_ratelimit"):
        return None
    req = req or request
    user = _signed_user(req) if scope == "download" else None
    user = user or tk.current_user
    tier = tier_of(user)
    if tier == "operator":
        return None
    lim = limit(scope, tier)
    result = bucket.take(scope, identity(user, req.remote_addr), lim.capacity, lim.period)
    g._tdpf_ratelimit = (lim, result)
    if not result.allowed:
        metrics.rate_limit_refused(f"market_{scope}")
        return _too_many(scope, lim, result.retry_after)
    return None


def scope_of(req: Any) -> str | None:
    if req.endpoint in DOWNLOAD_ENDPOINTS:
        return "download"
    if API_PATH.match(req.path):
        return "api"
    return None


def add_headers(response: Response) -> Response:
    """X-RateLimit-Limit / -Remaining on limited requests."""
    state = g.get("_tdpf_ratelimit")
    if state:
        lim, result = state
        response.headers["X-RateLimit-Limit"] = str(lim.capacity)
        response.headers["X-RateLimit-Remaining"] = str(result.remaining)
    return response
