"""Notifications of requests and decisions: a row on the recipient's market
dashboard, and an email. A mail failure is logged, never raised: the
decision is already taken and stored."""
from __future__ import annotations

import contextlib
import logging
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import messages

from .model import Notification

log = logging.getLogger(__name__)


def _n(msgid: str) -> str:
    """Marks a message stored untranslated: it is translated when shown
    (in the reader's language) or mailed (in the site's default language)."""
    return msgid


def render(subject: str, body: str, params: dict[str, Any] | None) -> tuple[str, str]:
    """Subject and body in the current language (untranslated outside a
    request, where CKAN cannot choose a language)."""
    with contextlib.suppress(RuntimeError):
        subject, body = tk._(subject), tk._(body)
    try:
        return subject, body.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return subject, body


def _in_site_language(subject: str, body: str, params: dict) -> tuple[str, str]:
    with messages.site_language():
        return render(subject, body, params)


def _send(user_id: str, subject: str, body: str, params: dict) -> None:
    user = model.User.get(user_id)
    if user is None or not user.email:
        return
    try:
        tk.mail_user(user, *_in_site_language(subject, body, params))
    except Exception as error:  # noqa: BLE001 - mail problems must not undo the action
        log.warning("tdpf_market: mail to %s failed: %s", user.name, error)


def notify(user_ids, subject: str, body: str, params: dict[str, Any] | None = None,
           request_id: str | None = None) -> None:
    """Add a dashboard notification for each user (flushed with the caller's
    transaction) and mail it after the commit. ``subject`` and ``body`` are
    msgids (English); ``body`` is formatted with ``params``."""
    ids = list(dict.fromkeys(u for u in user_ids if u))
    params = {k: str(v) for k, v in (params or {}).items()}
    for user_id in ids:
        model.Session.add(Notification(user_id=user_id, subject=subject, body=body,
                                       params=params, request_id=request_id))
    pending = model.Session.info.setdefault("tdpf_market_mail", [])
    pending.extend((user_id, subject, body, params) for user_id in ids)


def send_pending() -> None:
    """Mail the notifications of the committed transaction."""
    for user_id, subject, body, params in model.Session.info.pop("tdpf_market_mail", []):
        _send(user_id, subject, body, params)


def providers_of(owner_org: str | None) -> list[str]:
    """User ids of the admins and editors of an organisation."""
    if not owner_org:
        return []
    rows = model.Session.execute(sa.select(model.Member.table_id).where(
        model.Member.group_id == owner_org, model.Member.table_name == "user",
        model.Member.state == "active", model.Member.capacity.in_(("admin", "editor"))))
    return [row[0] for row in rows]


def recent(user_id: str, limit: int = 20) -> list[dict]:
    rows = model.Session.execute(
        sa.select(Notification).where(Notification.user_id == user_id)
        .order_by(Notification.created.desc(), Notification.id.desc()).limit(limit)).scalars()
    return [row.as_dict() for row in rows]
