"""Token buckets in Redis. One Lua script takes a token and refills the
bucket in a single atomic step, with Redis's own clock, so concurrent
requests from any number of web processes neither lose nor share a token."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from ckan.common import config
from ckan.lib.redis import connect_to_redis

# KEYS[1] bucket; ARGV: capacity, seconds to refill from empty, cost (0 = peek).
# The bucket is a hash {tokens, ts}; a missing bucket is full.
_SCRIPT = """
local capacity = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = capacity / period
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then tokens = capacity; ts = now end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
local allowed = 1
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
else
  allowed = 0
  wait = (cost - tokens) / rate
end
if cost > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(period * 1000) + 1000)
end
return {allowed, tostring(tokens), tostring(wait)}
"""


@dataclass
class Result:
    allowed: bool
    remaining: int      # whole tokens left after this request
    retry_after: int    # seconds until one token is back (0 when allowed)


def _key(scope: str, identity: str) -> str:
    return f"{config.get('ckan.site_id')}:tdpf_ratelimit:{scope}:{identity}"


@functools.cache
def _script() -> Any:
    """Registered once: keeps the SHA (EVALSHA, the source only when Redis lacks it)."""
    return connect_to_redis().register_script(_SCRIPT)


def _run(scope: str, identity: str, capacity: int, period: float, cost: int) -> Result:
    redis = connect_to_redis()
    allowed, tokens, wait = _script()(keys=[_key(scope, identity)],
                                      args=[capacity, period, cost], client=redis)
    return Result(bool(allowed), int(math.floor(float(tokens))),
                  int(math.ceil(float(wait))) if not allowed else 0)


def take(scope: str, identity: str, capacity: int, period: float) -> Result:
    """Take one token from ``identity``'s bucket (``capacity`` tokens, refilled
    evenly over ``period`` seconds)."""
    return _run(scope, identity, capacity, period, 1)


def peek(scope: str, identity: str, capacity: int, period: float) -> Result:
    """The bucket's state now, without taking a token."""
    return _run(scope, identity, capacity, period, 0)


def clear(scope: str, identity: str) -> None:
    connect_to_redis().delete(_key(scope, identity))
