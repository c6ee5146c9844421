"""Typed getters of the MFA and login-lockout options (config_declaration.yaml
has the defaults)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

_P = "ckanext.tdpf_trust.mfa."


def required_member_types() -> list[str]:
    return list(tk.config.get(_P + "required_member_types") or [])


def enforce_enrolment() -> bool:
    return tk.asbool(tk.config.get(_P + "enforce_enrolment"))


def max_failures() -> int:
    return int(tk.config.get(_P + "max_failures"))


def max_failures_per_ip() -> int:
    return int(tk.config.get(_P + "max_failures_per_ip"))


def lockout_seconds() -> int:
    return int(tk.config.get(_P + "lockout_seconds"))


def issuer() -> str:
    return tk.config.get(_P + "issuer")


def recovery_codes() -> int:
    return int(tk.config.get(_P + "recovery_codes"))


# wrong passwords (password.py)
_LOGIN = "ckanext.tdpf_trust.login."


def password_max_failures() -> int:
    return int(tk.config.get(_LOGIN + "max_failures"))


def password_max_failures_per_ip() -> int:
    return int(tk.config.get(_LOGIN + "max_failures_per_ip"))


def password_window_seconds() -> int:
    return int(tk.config.get(_LOGIN + "window_seconds"))


def password_lockout_seconds() -> int:
    return int(tk.config.get(_LOGIN + "lockout_seconds"))
