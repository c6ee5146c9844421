"""Accepting the policy pages: the signed-in user's own acceptance, their
status, and the register form's checkboxes (a chained ``user_create``)."""
from __future__ import annotations

from typing import Any, cast

from flask import has_request_context, request

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.logic.schema import default_user_schema
from ckan.model import Session, User
from ckan.types import Context

from ckanext.tdpf.logic.action_input import truth, validated

from . import records, schema

__all__ = ["tdpf_terms_accept", "tdpf_terms_status", "user_create"]


def missing_message(name: str) -> str:
    return {records.REQUIRED_TERMS: tk._("Please accept the terms of use"),
            records.REQUIRED_PRIVACY: tk._("Please accept the privacy policy")}[name]


def _ticked(value: Any) -> bool:
    """A checkbox or boolean parameter: anything but a true value is "no"."""
    try:
        return value is not None and truth(value)
    except tk.Invalid:
        return False


def _unaccepted(pages: list[dict], data: dict) -> dict[str, Any]:
    return {records.REQUIRED[page["name"]]: [missing_message(page["name"])]
            for page in pages if not _ticked(data.get(records.REQUIRED[page["name"]]))}


def tdpf_terms_accept(context, data_dict):
    """Accept the current versions of 利用規約 and プライバシーポリシー (the
    signed-in user, for themselves). The web site asks for this at login
    after a new version is published; API tokens keep working meanwhile.

    :param accept_terms: true to accept the current 利用規約
    :param accept_privacy: true to accept the current プライバシーポリシー
    :returns: ``accepted``: the page names and versions recorded now
    """
    tk.check_access("tdpf_terms_accept", context, data_dict)
    user = User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in to accept the terms."))
    data = validated(data_dict, schema.terms_accept(), context)
    pending = records.pending(user.id)
    errors = _unaccepted(pending, data)
    if errors:
        raise tk.ValidationError(errors)
    done = records.accept(user.id, pending,
                          via="login" if has_request_context()
                          and not tk.g.get("login_via_auth_header") else "api")
    if not context.get("defer_commit"):
        Session.commit()
    return {"accepted": done}


@tk.side_effect_free
def tdpf_terms_status(context, data_dict):
    """Which versions a user accepted and which they still must (the user
    themselves, or operators for anyone).

    :param id: id or name of the user (default: the signed-in user)
    :returns: ``current`` (name, version, title of each required page),
        ``pending`` (those still to accept) and ``history`` (every acceptance
        with its time)
    """
    data = validated(data_dict, schema.terms_status(), context)
    user = User.get(data.get("id") or context.get("user") or "")
    tk.check_access("tdpf_terms_status", context, {"id": user.id if user else ""})
    if user is None:
        raise tk.ObjectNotFound(tk._("User not found"))
    brief = [{key: page[key] for key in ("name", "version", "title")}
             for page in records.required_pages()]
    pending = {page["name"] for page in records.pending(user.id)}
    return {"user": user.name, "current": brief,
            "pending": [page for page in brief if page["name"] in pending],
            "history": records.history(user.id)}


def _from_register_form(context) -> bool:
    """A person signing up on the register form (a sysadmin creating an
    account there, or anyone through the API, is not asked)."""
    return (has_request_context() and request.endpoint == "user.register"
            and not authz.is_sysadmin(context.get("user")))


@tk.chained_action
def user_create(up_func, context, data_dict):
    """Core ``user_create``; on the register form the current 利用規約 and
    プライバシーポリシー must be accepted (``accept_terms``,
    ``accept_privacy``), and the acceptance is recorded with their versions.
    Accounts created through the API are asked at their first login once an
    operator has published a version (see ``records``)."""
    fields = set(records.REQUIRED.values())
    clean = {key: value for key, value in data_dict.items() if key not in fields}
    if not _from_register_form(context):
        return up_func(context, clean)
    pages = records.required_pages()
    missing = _unaccepted(pages, data_dict)
    if missing:
        # every field's error at once, as the form would show them without us
        core = context.get("schema") or default_user_schema()
        _data, errors = tk.navl_validate(dict(clean), core, cast("Context", dict(context)))
        raise tk.ValidationError({**errors, **missing})
    user = up_func(context, clean)
    records.accept(user["id"], pages, via="register")
    Session.commit()
    return user
