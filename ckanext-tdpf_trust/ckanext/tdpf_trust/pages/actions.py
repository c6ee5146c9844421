"""Page actions: operators save drafts, publish and take down; everyone
reads what is published."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.model import User

from ckanext.tdpf.logic.action_input import validated

from ..audit import chain as audit
from . import schema, store

__all__ = ["tdpf_page_delete", "tdpf_page_list", "tdpf_page_publish", "tdpf_page_show"]


def _actor(context) -> str:
    user = User.get(context.get("user") or "")
    return user.id if user else ""


def tdpf_page_publish(context, data_dict):
    """Publish a page, or a new version of it (operators). A new version of
    利用規約 (``terms``) or プライバシーポリシー (``privacy``) asks every user
    to accept it again at their next login. With ``draft`` the text is kept
    as the page's draft instead (one per page, replaced by the next save,
    seen only by operators); publishing turns the draft into the version.

    :param name: the page's address (``/pages/<name>``): lower-case letters,
        digits, - and _; ``terms``, ``privacy``, ``data-governance`` and
        ``security`` are the policy pages
    :param kind: ``news``, ``event`` or ``policy``
    :param title: the title
    :param body: the text, in Markdown (rendered without scripts or raw HTML)
    :param event_type: for an event: ``study`` (勉強会), ``ideathon``
        (アイディアソン), ``seminar`` (セミナー) or ``other``
    :param event_start: for an event: its date and time (ISO 8601; without
        a time zone, Japan time)
    :param place: for an event: where (optional)
    :param registration_url: for an event: the registration page (optional)
    :param draft: true to save a draft instead of publishing (default false)
    :returns: the page version (or draft) stored
    """
    tk.check_access("tdpf_page_publish", context, data_dict)
    data = validated(data_dict, schema.page_publish(), context)
    actor = _actor(context)
    row = store.save(data, actor, draft=data["draft"])
    if data["draft"]:
        _commit(context)
        return store.current(row.name, draft=True)
    audit.record("page.publish", actor=actor, object_type="page", object_id=row.name,
                 detail={"version": row.version, "kind": row.kind, "title": row.title})
    _commit(context)
    return row.as_dict()


def tdpf_page_delete(context, data_dict):
    """Take a page down (operators); its versions stay on record. A policy
    page taken down is no longer asked for at sign-up or login.

    :param name: the page's name
    """
    tk.check_access("tdpf_page_delete", context, data_dict)
    name = validated(data_dict, schema.page_delete(), context)["name"]
    actor = _actor(context)
    row = store.take_down(name, actor)
    if row is None:
        raise tk.ObjectNotFound(tk._("Page not found"))
    audit.record("page.delete", actor=actor, object_type="page", object_id=name,
                 detail={"version": row.version})
    _commit(context)
    return {"name": name, "version": row.version}


@tk.side_effect_free
def tdpf_page_show(context, data_dict):
    """The current version of a page (anyone); a page that is only a draft
    is not found.

    :param name: the page's name
    :param draft: true for the page's draft when it has one (operators)
    """
    tk.check_access("tdpf_page_show", context, data_dict)
    data = validated(data_dict, schema.page_show(), context)
    page = store.current(data["name"], draft=data["draft"])
    if page is None:
        raise tk.ObjectNotFound(tk._("Page not found"))
    return page


@tk.side_effect_free
def tdpf_page_list(context, data_dict):
    """The current pages: news and events newest first, then the policy
    pages (anyone).

    :param kind: only ``news``, ``event`` or ``policy`` pages (optional)
    :param limit: at most this many (default 100)
    :param drafts: true to list drafts too, in place of the published
        version (operators)
    """
    tk.check_access("tdpf_page_list", context, data_dict)
    data = validated(data_dict, schema.page_list(), context)
    return store.listing(data.get("kind"), data["limit"], drafts=data["drafts"])


def _commit(context) -> None:
    if not context.get("defer_commit"):
        from ckan.model import Session
        Session.commit()
