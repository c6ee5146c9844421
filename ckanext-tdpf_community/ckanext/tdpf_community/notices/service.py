"""Notifying users: a row on their dashboard (flushed with the caller's
transaction) and, unless they turned it off, a mail after the commit. A mail
failure is logged, never raised: what it reports is already stored."""
from __future__ import annotations

import contextlib
import logging
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import messages

from .model import KINDS, Notice, Setting

log = logging.getLogger(__name__)
_PENDING = "tdpf_community_mail"


def n_(msgid: str) -> str:
    """Marks a message stored untranslated: translated when shown or mailed."""
    return msgid


def render(subject: str, body: str, params: dict[str, Any] | None) -> tuple[str, str]:
    """Subject and body in the current language; parameters named
    ``*_label`` are msgids too."""
    params = dict(params or {})
    with contextlib.suppress(RuntimeError, TypeError):
        subject, body = tk._(subject), tk._(body)
        params = {k: tk._(v) if k.endswith("_label") else v for k, v in params.items()}
    try:
        return subject.format(**params), body.format(**params)
    except (KeyError, IndexError, ValueError):
        return subject, body


def mailed_kinds(user_id: str) -> list[str]:
    """The kinds of notice the user gets by mail (by default every kind)."""
    setting = model.Session.get(Setting, user_id)
    if setting is None:
        return list(KINDS)
    if not setting.mail:
        return []
    return [kind for kind in KINDS if kind not in (setting.mail_off or [])]


def wants_mail(user_id: str, kind: str | None = None) -> bool:
    """Whether the user gets mail at all (``kind`` None), or of that kind."""
    kinds = mailed_kinds(user_id)
    return bool(kinds) if kind is None else kind in kinds


def notify(user_ids, subject: str, body: str, params: dict[str, Any] | None = None,
           link: str = "", exclude: str | None = None, *, kind: str) -> None:
    """One notice of ``kind`` (see ``model.KINDS``) for each user (not
    ``exclude``, the one who acted)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    ids = [u for u in dict.fromkeys(user_ids) if u and u != exclude]
    params = {k: str(v) for k, v in (params or {}).items()}
    for user_id in ids:
        model.Session.add(Notice(user_id=user_id, subject=subject, body=body,
                                 params=params, link=link, kind=kind))
    model.Session.info.setdefault(_PENDING, []).extend(
        (user_id, subject, body, params, link, kind) for user_id in ids)


def _site_language(subject: str, body: str, params: dict) -> tuple[str, str]:
    with messages.site_language():
        return render(subject, body, params)


def send_pending() -> None:
    """Mail the notices of the committed transaction."""
    for user_id, subject, body, params, link, kind in model.Session.info.pop(_PENDING, []):
        user = model.User.get(user_id)
        if user is None or not user.email or not wants_mail(user_id, kind):
            continue
        text_subject, text = _site_language(subject, body, params)
        if link:
            text = f"{text}\n\n{tk.config.get('ckan.site_url').rstrip('/')}{link}"
        try:
            tk.mail_user(user, f"【TDPF】{text_subject}", text)
        except Exception as error:  # noqa: BLE001 - mail problems must not undo the action
            log.warning("tdpf_community: mail to %s failed: %s", user.name, error)


def commit(context) -> None:
    """Commit the caller's change with its notices, then mail them (unless
    the caller commits: ``defer_commit``; it then calls send_pending)."""
    if context.get("defer_commit"):
        model.Session.flush()
        return
    model.repo.commit()
    send_pending()


def unread(user_id: str) -> int:
    return model.Session.execute(sa.select(sa.func.count()).select_from(Notice).where(
        Notice.user_id == user_id, Notice.read.is_(False))).scalar() or 0
