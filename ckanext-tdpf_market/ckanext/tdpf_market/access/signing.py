"""Short-lived signed download URLs (itsdangerous, keyed with the app's
SECRET_KEY): what ``tdpf_resource_access`` hands to API clients."""
from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

import ckan.plugins.toolkit as tk

SALT = "tdpf-market-download"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(tk.config.get("SECRET_KEY"), salt=SALT)


def ttl() -> int:
    return tk.config.get("ckanext.tdpf_market.access.signed_url_ttl")


def sign(user_id: str, resource_id: str) -> str:
    return _serializer().dumps({"u": user_id, "r": resource_id})


def verify(token: str, resource_id: str) -> dict[str, Any] | None:
    """The signed claims, or None when forged, expired or for another resource.
    (The grant itself is checked again on every use.)"""
    try:
        claims = _serializer().loads(token, max_age=ttl())
    except (BadSignature, SignatureExpired):
        return None
    return claims if isinstance(claims, dict) and claims.get("r") == resource_id else None
