"""Failure counters and lockouts in Redis, per user and per IP address,
shared by the MFA code step and the password step.

A failure is a member of a sorted set scored by its time, so the window
slides; when a count reaches its limit a lock key holding the time the
lock ends is set. While locked, attempts are refused without being
checked or counted (even a right password or code). Times come from
:func:`clock` (tests move it instead of sleeping); the Redis expiries only
tidy up."""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import ckan.plugins.toolkit as tk


def clock() -> float:
    return time.time()


def _redis():
    from ckan.lib.redis import connect_to_redis
    return connect_to_redis()


@dataclass(frozen=True)
class Policy:
    """``kind`` names the keys (``mfa``: codes, ``password``); the limits
    are read when used, so configuration changes apply at once."""
    kind: str
    per_user: Callable[[], int]
    per_ip: Callable[[], int]
    window: Callable[[], int]
    lockout: Callable[[], int]

    def _key(self, part: str, scope: str, subject: str) -> str:
        site = tk.config.get("ckan.site_id") or "ckan"
        # under tdpf_trust:mfa:fail: for both kinds: one pattern clears them all
        return f"{site}:tdpf_trust:mfa:fail:{self.kind}:{part}:{scope}:{subject}"

    def _scopes(self, user: str, ip: str) -> list[tuple[str, str, int]]:
        return [("user", user, self.per_user()), ("ip", ip or "unknown", self.per_ip())]

    def locked_until(self, user: str, ip: str) -> float | None:
        """When the later of the user's and the address's locks ends (None:
        not locked)."""
        keys = [self._key("lock", scope, subject) for scope, subject, _ in self._scopes(user, ip)]
        now = clock()
        ends = [float(v) for v in _redis().mget(keys) if v is not None and float(v) > now]
        return max(ends) if ends else None

    def locked(self, user: str, ip: str) -> bool:
        return self.locked_until(user, ip) is not None

    def fail(self, user: str, ip: str) -> list[str]:
        """Count a failure; returns the scopes (``user``, ``ip``) it locked."""
        now, window, lockout = clock(), self.window(), self.lockout()
        redis, newly = _redis(), []
        for scope, subject, limit in self._scopes(user, ip):
            key = self._key("count", scope, subject)
            pipe = redis.pipeline()
            pipe.zremrangebyscore(key, "-inf", now - window)
            pipe.zadd(key, {f"{now}:{secrets.token_hex(4)}": now})
            pipe.zcard(key)
            pipe.expire(key, window + lockout)
            count = pipe.execute()[2]
            if count >= limit:
                redis.set(self._key("lock", scope, subject), now + lockout, ex=lockout + window)
                redis.delete(key)  # a fresh count once the lock ends
                newly.append(scope)
        return newly

    def clear_user(self, user: str) -> None:
        """After a success: the user's failures are forgotten (not the
        address's)."""
        _redis().delete(self._key("count", "user", user))
