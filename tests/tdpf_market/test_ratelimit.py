"""Rate limits per tier: bursts get 429 with Retry-After and recover; the
buckets are exact under concurrency; the user sees their limits.

The buckets refill by Redis's clock, which no test can freeze; the tests
control what a bucket has seen of it instead (``hold``, ``elapse``), so a
slow machine neither refills a token mid-burst nor needs a sleep."""
from __future__ import annotations

import threading

import pytest

from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_market.ratelimit import bucket
from ckanext.tdpf_market.ratelimit import limits as ratelimit

LIMITS = [
    ("ckanext.tdpf_market.ratelimit.enabled", "true"),
    ("ckanext.tdpf_market.ratelimit.api.anonymous", "2/h"),
    ("ckanext.tdpf_market.ratelimit.api.free", "5/20s"),
    ("ckanext.tdpf_market.ratelimit.api.paid", "8/h"),
]
STATUS = "/api/3/action/status_show"


def with_limits(**tiers):
    """The LIMITS, with some tiers' API limits replaced."""
    def mark(func):
        for key, value in LIMITS:
            value = tiers.get(key.rsplit(".", 1)[-1], value)
            func = pytest.mark.ckan_config(key, value)(func)
        return func
    return mark


@pytest.fixture
def tiers():
    """Members of each tier, an operator, their API tokens; empty buckets."""
    free, paid = factories.User(), factories.User()
    admin = factories.Sysadmin()
    for user, tier in ((free, "free"), (paid, "paid")):
        call_action("tdpf_member_update", {"ignore_auth": True}, id=user["id"],
                    member_type="corporation", tier=tier)
    users = {"free": free, "paid": paid, "admin": admin}
    for user in users.values():
        user["token"] = factories.APIToken(user=user["name"])["token"]
        bucket.clear("api", f"user:{user['id']}")
    bucket.clear("api", "ip:127.0.0.1")
    return users


def _set_clock(scope: str, identity: str, seconds_from_now: float) -> None:
    """Move the time the bucket last refilled (its ``ts``, Redis seconds)."""
    redis = connect_to_redis()
    key = bucket._key(scope, identity)
    if redis.exists(key):
        now_s, now_us = redis.time()
        redis.hset(key, "ts", repr(now_s + now_us / 1e6 + seconds_from_now))


def hold(scope: str, identity: str) -> None:
    """Stop the bucket's clock until its next take: refilling counts from
    ``ts``, and one a day ahead refills nothing however long the wait."""
    _set_clock(scope, identity, 86400)


def elapse(scope: str, identity: str, seconds: float) -> None:
    """As if ``seconds`` had passed since the bucket's last take."""
    _set_clock(scope, identity, -seconds)


def in_threads(target, n: int) -> None:
    threads = [threading.Thread(target=target) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _burst(app, n, user=None):
    """``n`` API calls of ``user`` (its token) or an anonymous visitor, with
    the bucket held between them."""
    headers = {"Authorization": user["token"]} if user else {}
    identity = f"user:{user['id']}" if user else "ip:127.0.0.1"
    out = []
    for _ in range(n):
        out.append(app.get(STATUS, headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}))
        hold("api", identity)
    return out


@with_limits()
@pytest.mark.usefixtures("clean_db")
def test_burst_over_the_free_tier_gets_429_and_recovers(app, tiers):
    free = _burst(app, 7, tiers["free"])
    assert [r.status_code for r in free] == [200] * 5 + [429] * 2
    assert [r.headers["X-RateLimit-Remaining"] for r in free[:5]] == ["4", "3", "2", "1", "0"]
    refused = free[5]
    # 5 per 20 s: one request comes back every 4 s
    assert refused.headers["Retry-After"] == "4"
    body = refused.json
    assert body["success"] is False
    assert body["error"]["__type"] == "Rate Limit Exceeded"
    assert body["error"]["retry_after"] == 4
    assert "上限は20秒あたり5回です。4秒後に" in body["error"]["message"]
    assert "status_show" in body["help"]
    # after Retry-After, one request's worth has come back
    elapse("api", f"user:{tiers['free']['id']}", int(refused.headers["Retry-After"]))
    assert [r.status_code for r in _burst(app, 2, tiers["free"])] == [200, 429]

    # other tiers and identities have their own buckets
    assert [r.status_code for r in _burst(app, 9, tiers["paid"])] == [200] * 8 + [429]
    assert [r.status_code for r in _burst(app, 3)] == [200, 200, 429]
    admin = _burst(app, 12, tiers["admin"])
    assert {r.status_code for r in admin} == {200}
    assert "X-RateLimit-Remaining" not in admin[0].headers
    # web pages are not rate limited
    assert app.get("/dataset/").status_code == 200

    # after a whole period the bucket is full again
    bucket.clear("api", "test:refill")
    taken = []
    for _ in range(4):
        taken.append(bucket.take("api", "test:refill", 3, 3600).allowed)
        hold("api", "test:refill")
    assert taken == [True, True, True, False]
    elapse("api", "test:refill", 1200)  # a third of the period: one token back
    assert bucket.peek("api", "test:refill", 3, 3600).remaining == 1
    elapse("api", "test:refill", 3600)
    assert bucket.peek("api", "test:refill", 3, 3600).remaining == 3


@with_limits(paid="8/h")
@pytest.mark.usefixtures("clean_db")
def test_concurrent_requests_take_exactly_the_allowance(app, tiers):
    # 8 threads x 6 requests against a bucket of 8 (paid, API tokens) and a
    # direct bucket of 100 hit by 10 threads x 15 takes: nothing lost, nothing shared
    codes: list[int] = []
    lock = threading.Lock()

    def client():
        for r in _burst(app, 6, tiers["paid"]):
            with lock:
                codes.append(r.status_code)
    in_threads(client, 8)
    assert sorted(codes) == [200] * 8 + [429] * 40

    bucket.clear("api", "test:concurrent")
    taken: list[bool] = []

    def taker():
        for _ in range(15):
            result = bucket.take("api", "test:concurrent", 100, 3600)
            with lock:
                taken.append(result.allowed)
    in_threads(taker, 10)
    assert taken.count(True) == 100 and taken.count(False) == 50
    assert bucket.peek("api", "test:concurrent", 100, 3600).remaining == 0


@with_limits(free="5/h")
@pytest.mark.usefixtures("clean_db")
def test_user_sees_limits_and_what_is_left(app, tiers):
    free = tiers["free"]
    _burst(app, 2, free)
    page = app.get(f"/user/{free['name']}/api-limits",
                   headers={"Authorization": free["token"]})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-scope="api"' in html and 'data-scope="download"' in html
    # 2 of 5 taken (the page itself is not an API call)
    assert '<td class="tdpf-remaining">3</td>' in html
    assert "5回 / 1時間" in html and "無料会員" in html

    other = app.get(f"/user/{free['name']}/api-limits",
                    headers={"Authorization": tiers["paid"]["token"]})
    assert other.status_code == 403
    anonymous = app.get(f"/user/{free['name']}/api-limits")
    assert anonymous.status_code == 403
    # operators see anybody's
    assert app.get(f"/user/{free['name']}/api-limits",
                   headers={"Authorization": tiers["admin"]["token"]}).status_code == 200
    # the API tokens page links to it
    tokens = app.get(f"/user/{free['name']}/api-tokens",
                     headers={"Authorization": free["token"]}).get_data(as_text=True)
    assert f"/user/{free['name']}/api-limits" in tokens

    shown = call_action("tdpf_ratelimit_show", {"user": free["name"]}, id=free["name"])
    assert shown["tier"] == "free"
    assert shown["scopes"]["api"] == {"unlimited": False, "limit": 5,
                                      "period_seconds": 3600, "period": "1 hour(s)",
                                      "remaining": 3}
    assert call_action("tdpf_ratelimit_show", {"user": tiers["admin"]["name"]},
                       id=tiers["admin"]["name"])["scopes"]["api"] == {"unlimited": True}


def test_limit_syntax():
    assert ratelimit.parse_limit("60/m") == ratelimit.Limit(60, 60)
    assert ratelimit.parse_limit(" 5 / 10s ") == ratelimit.Limit(5, 10)
    assert ratelimit.parse_limit("1000/h") == ratelimit.Limit(1000, 3600)
    for bad in ("60", "0/m", "5/x", "a/m"):
        with pytest.raises(ValueError):
            ratelimit.parse_limit(bad)


@pytest.mark.ckan_config("ckanext.tdpf_market.ratelimit.enabled", "true")
@pytest.mark.ckan_config("ckanext.tdpf_market.ratelimit.download.paid", "3/h")
@pytest.mark.ckan_config("ckanext.tdpf_market.ratelimit.download.anonymous", "1/h")
def test_signed_download_urls_count_against_the_members_tier(app, market):
    from tests.tdpf_market.conftest import ctx

    member = market["paid_member"]
    call_action("tdpf_access_request_create", ctx(member), dataset_id="flow-premium",
                purpose="商用", accepted_conditions=True)
    resource_id = market["paid"]["resources"][0]["id"]
    signed = call_action("tdpf_resource_access", ctx(member), id=resource_id)["url"]
    path = signed.split("://", 1)[-1].split("/", 1)[-1]
    bucket.clear("download", f"user:{member['id']}")
    bucket.clear("download", "ip:127.0.0.1")
    # no login: the URL's member (paid: 3) is limited, not the IP (anonymous: 1)
    codes = [app.get(f"/{path}", follow_redirects=False).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert bucket.peek("download", "ip:127.0.0.1", 1, 3600).remaining == 1


@with_limits(anonymous="1/h")
@pytest.mark.usefixtures("clean_db")
def test_refusals_are_counted_in_the_metrics(app, tiers):
    from tests.tdpf.ops.scrape import scrape, value

    before = value(scrape(app), "tdpf_rate_limit_refusals_total", limiter="market_api")
    assert [r.status_code for r in _burst(app, 3)] == [200, 429, 429]
    after = value(scrape(app), "tdpf_rate_limit_refusals_total", limiter="market_api")
    assert after - before == 2
