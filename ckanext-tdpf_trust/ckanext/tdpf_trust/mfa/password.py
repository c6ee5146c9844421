"""Wrong passwords are locked out per account and per IP address, as wrong
MFA codes are (``lockout.py``), on every path where CKAN checks a password:
all go through ``ckan.lib.authenticator.ckan_authenticator`` (the login
form, the old password on the profile form).

- ``authenticate`` (IAuthenticator.authenticate) runs before CKAN's own
  password check: while locked it answers "failed", so not even the right
  password logs in.
- CKAN's ``failed_login`` signal (its password check sends it for a wrong
  password or an unknown login) counts a failure; the failure that locks is
  audited (``login.lockout``).
- A right password at the login form clears the account's count.

An unknown login name is counted and locked like an account (by a hash of
the name), so a lock tells nothing about which accounts exist."""
from __future__ import annotations

import hashlib
import math
from typing import Any

from flask import has_request_context, request

import ckan.plugins.toolkit as tk
from ckan.model import AnonymousUser, Session, User

from ..audit import chain as audit
from . import config, lockout

PASSWORDS = lockout.Policy("password", config.password_max_failures,
                           config.password_max_failures_per_ip,
                           config.password_window_seconds, config.password_lockout_seconds)
LOCKED = "tdpf_login_locked_until"  # request.environ: the login form says why


def _account(login: Any) -> User | None:
    login = str(login or "").strip()
    return (User.by_name(login) or User.by_email(login)) if login else None


def _subject(login: Any, user: User | None) -> str:
    if user is not None:
        return user.id
    name = str(login or "").strip().lower()
    return "login-" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:32]


def client_ip() -> str:
    return request.remote_addr or ""


def authenticate(identity: dict[str, Any]) -> AnonymousUser | None:
    """Refuse a login attempt while its account or address is locked (an
    AnonymousUser is CKAN's "authentication failed"); None lets the
    password be checked."""
    if not has_request_context() or "login" not in identity or "password" not in identity:
        return None
    login = identity["login"]
    until = PASSWORDS.locked_until(_subject(login, _account(login)), client_ip())
    if until is None:
        return None
    request.environ[LOCKED] = until
    return AnonymousUser()


def _failed(login: Any, **_kwargs) -> None:
    if not has_request_context():
        return
    user, ip = _account(login), client_ip()
    scopes = PASSWORDS.fail(_subject(login, user), ip)
    if not scopes:
        return
    request.environ[LOCKED] = PASSWORDS.locked_until(_subject(login, user), ip)
    if user is not None and "user" in scopes:
        target = {"object_type": "user", "object_id": user.id}
    else:
        target = {"object_type": "ip", "object_id": ip}
    audit.record("login.lockout", detail={"ip": ip, "locked": scopes}, **target)
    Session.commit()


def signal_subscriptions() -> dict:
    return {tk.signals.failed_login: [_failed]}


def succeeded(user: User) -> None:
    PASSWORDS.clear_user(user.id)


def locked_message() -> str | None:
    """The login form's message when this request's attempt met a lock."""
    until = request.environ.get(LOCKED)
    if not until:
        return None
    minutes = max(1, math.ceil((until - lockout.clock()) / 60))
    return tk._("Too many failed logins: logging in is locked for about {} minutes. "
                "Try again later, or ask the operators for help.").format(minutes)
