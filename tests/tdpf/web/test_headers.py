"""Security headers on every page and API answer (issue 15 #7): a CSP that
runs no inline script and lets only the site frame it, X-Frame-Options,
nosniff, Referrer-Policy; session and remember cookies Secure on an https
site. (The policy in a real browser: test_csp_browser.py.)"""
from __future__ import annotations

import pytest

from ckan.tests import factories

from ckanext.tdpf.web import headers

from tests.factories import Dataset
from tests.forms import csrf_token

PASSWORD = "Header-2026-pass"


@pytest.fixture
def dataset(clean_db):
    org = factories.Organization()
    return Dataset(name="shelters", owner_org=org["id"], resources=[{"url": "https://example.jp/a.csv"}])


def _directives(answer) -> dict[str, list[str]]:
    policy = answer.headers["Content-Security-Policy"]
    return {name: sources for name, *sources in (p.split() for p in policy.split(";") if p.strip())}


@pytest.mark.parametrize("path", ["/", "/dataset/", "/dataset/shelters", "/user/login",
                                  "/organization/", "/dataset/no-such-dataset",
                                  "/api/3/action/status_show",
                                  "/api/3/action/package_show?id=shelters"])
def test_every_answer_carries_the_security_headers(app, dataset, path):
    answer = app.get(path)
    assert answer.status_code in (200, 404), (path, answer.status_code)
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = _directives(answer)
    assert policy["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:"} & set(
        policy["script-src"])
    assert policy["frame-ancestors"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.ckan_config("ckanext.tdpf.web.csp.extra_sources",
                         "img-src https://tiles.example.jp; worker-src blob:")
def test_operators_add_sources(app, dataset):
    policy = _directives(app.get("/"))
    assert "https://tiles.example.jp" in policy["img-src"] and "'self'" in policy["img-src"]
    assert policy["worker-src"][-1] == "blob:" and "'self'" in policy["worker-src"]


@pytest.mark.ckan_config("ckanext.tdpf.web.csp.report_only", "true")
def test_report_only_reports_instead_of_blocking(app, dataset):
    answer = app.get("/")
    assert "Content-Security-Policy" not in answer.headers
    assert "script-src 'self'" in answer.headers["Content-Security-Policy-Report-Only"]


@pytest.mark.parametrize("bad", ["img-src", "https://x.example", "img-src a, b", "Img-Src x"])
def test_a_malformed_extra_source_is_refused(bad):
    with pytest.raises(ValueError, match="not a CSP directive"):
        headers.parse_sources(bad)


def _login_cookies(app) -> dict[str, str]:
    user = factories.User(password=PASSWORD)
    token = csrf_token(app, "/user/login")
    answer = app.post("/user/login", follow_redirects=False, data={
        "login": user["name"], "password": PASSWORD, "remember": "63072000",
        "_csrf_token": token})
    assert answer.status_code == 302, answer.status_code
    return {c.split("=", 1)[0]: c for c in answer.headers.getlist("Set-Cookie")}


@pytest.mark.ckan_config("ckan.site_url", "https://portal.example.jp")
def test_cookies_are_secure_on_an_https_site(app, clean_db):
    cookies = _login_cookies(app)
    for name in ("ckan", "remember_token"):  # SESSION_COOKIE_NAME, REMEMBER_COOKIE_NAME
        assert "; Secure" in cookies[name], cookies[name]
        assert "; HttpOnly" in cookies[name]


def test_cookies_of_an_http_site_stay_as_configured(app, clean_db):
    cookies = _login_cookies(app)
    assert "; Secure" not in cookies["ckan"]
