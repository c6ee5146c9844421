"""One count per visitor, target and day without keeping who the visitor
was: the visitor key is a SHA-256 of a random salt of the day, the IP
address and the user agent. The salt lives only in Redis and expires after
two days, so yesterday's keys cannot be recomputed; the keys themselves
live in Redis until the day is over and never reach the database."""
from __future__ import annotations

import datetime
import hashlib
import secrets

SALT_SECONDS = 2 * 86400
SEEN_SECONDS = 86400 + 3600


def salt(redis, prefix: str, day: datetime.date) -> bytes:
    key = f"{prefix}:salt:{day.isoformat()}"
    redis.set(key, secrets.token_hex(16), nx=True, ex=SALT_SECONDS)
    value = redis.get(key)
    return value if isinstance(value, bytes) else str(value).encode()


def key(day_salt: bytes, ip: str, user_agent: str) -> str:
    return hashlib.sha256(day_salt + b"|" + ip.encode() + b"|" + user_agent.encode()
                          ).hexdigest()[:32]
