"""A user's own notifications (the dashboard's お知らせ) and their choice
of mail."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf.logic.action_input import validated

from .. import access
from . import schema
from .model import KINDS, Notice, Setting
from .service import mailed_kinds, render, unread, wants_mail

__all__ = ["tdpf_notice_list", "tdpf_notice_mark_read", "tdpf_notice_setting_update"]


def _me(context) -> model.User:
    user = access.user_of(context)
    if user is None:
        raise tk.NotAuthorized(tk._("Sign in to see your notifications."))
    return user


@tk.side_effect_free
def tdpf_notice_list(context, data_dict):
    """Your notifications, newest first, in your language.

    :param unread_only: true for the unread ones only (default false)
    :param limit: how many (default 50, at most 200)
    :returns: ``{"unread", "mail", "mail_kinds", "results"}``
    """
    tk.check_access("tdpf_notice_list", context, data_dict)
    data = validated(data_dict, schema.listing(), context)
    user = _me(context)
    query = sa.select(Notice).where(Notice.user_id == user.id)
    if data["unread_only"]:
        query = query.where(Notice.read.is_(False))
    rows = model.Session.execute(query.order_by(Notice.created.desc(), Notice.id.desc())
                                 .limit(data["limit"])).scalars()
    results = []
    for row in rows:
        subject, body = render(row.subject, row.body, row.params)
        results.append({"id": row.id, "subject": subject, "body": body, "link": row.link,
                        "read": bool(row.read),
                        "created": row.created.isoformat() if row.created else None})
        results[-1]["kind"] = row.kind
    return {"unread": unread(user.id), "mail": wants_mail(user.id),
            "mail_kinds": mailed_kinds(user.id), "results": results}


def tdpf_notice_mark_read(context, data_dict):
    """Mark your notifications read.

    :param ids: the notification ids (default: all of yours)
    :returns: ``{"unread"}``
    """
    tk.check_access("tdpf_notice_mark_read", context, data_dict)
    data = validated(data_dict, schema.mark_read(), context)
    user = _me(context)
    query = sa.update(Notice).where(Notice.user_id == user.id)
    if data["ids"]:
        query = query.where(Notice.id.in_(data["ids"]))
    model.Session.execute(query.values(read=True))
    model.repo.commit()
    return {"unread": unread(user.id)}


def tdpf_notice_setting_update(context, data_dict):
    """Which of your notifications are also mailed to you (every kind by
    default). Each notification is on your dashboard whatever you choose.

    :param mail: false to mail none, true to mail the kinds chosen, optional
    :param mail_kinds: the kinds to mail: requests (data requests), comments
        (comments and error reports), showcases, moderation (reports and
        hidden posts); the others are not mailed, optional
    :returns: ``{"mail", "mail_kinds"}``
    """
    tk.check_access("tdpf_notice_setting_update", context, data_dict)
    data = validated(data_dict, schema.setting(), context)
    if "mail" not in data and "mail_kinds" not in data:
        raise tk.ValidationError({"mail": [tk._("Say whether to mail notifications.")]})
    user = _me(context)
    setting = model.Session.get(Setting, user.id) or Setting(user_id=user.id, mail=True,
                                                             mail_off=[])
    if "mail" in data:
        setting.mail = data["mail"]
    if "mail_kinds" in data:
        setting.mail_off = [kind for kind in KINDS if kind not in data["mail_kinds"]]
    model.Session.add(setting)
    model.repo.commit()
    return {"mail": bool(setting.mail), "mail_kinds": mailed_kinds(user.id)}
