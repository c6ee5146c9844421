"""MFA actions, and the chained ``api_token_create``."""
from __future__ import annotations

from flask import has_request_context, session
from flask_login import current_user

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf.logic.action_input import validated

from ..suspension import checks as suspension
from . import schema
from . import totp as mfa
from .login import VERIFIED

__all__ = ["tdpf_mfa_status_show", "tdpf_mfa_reset", "api_token_create"]


def _user(value) -> model.User:
    user = model.User.get(value or "")
    if user is None or user.state == "deleted":
        raise tk.ObjectNotFound(tk._("User not found: {}").format(value or ""))
    return user


@tk.side_effect_free
def tdpf_mfa_status_show(context, data_dict):
    """Whether a user must use MFA and has enrolled.

    :param id: user id or name (default: the caller)
    :returns: ``{"user", "required", "enrolled", "enrolled_at",
        "recovery_codes_left", "member_type", "sysadmin"}``
    """
    tk.check_access("tdpf_mfa_status_show", context, data_dict)
    data = validated(data_dict, schema.status_show(), context)
    return mfa.status(_user(data["id"] or context.get("user")))


def tdpf_mfa_reset(context, data_dict):
    """Remove a user's MFA enrolment and recovery codes (sysadmins), e.g.
    after a lost phone; the user enrols again at the next login.

    :param id: user id or name
    :param reason: why (recorded in the audit log)
    """
    tk.check_access("tdpf_mfa_reset", context, data_dict)
    data = validated(data_dict, schema.reset(), context)
    user = _user(data["id"])
    actor = model.User.get(context.get("user") or "")
    had = mfa.reset(user, actor.id if actor else "", data["reason"])
    return {"user": user.name, "reset": had}


def _acting_user() -> model.User | None:
    """The logged-in user of the current web or API request (None for the
    CLI, jobs and internal calls)."""
    if has_request_context() and current_user.is_authenticated:
        return current_user  # type: ignore[return-value]
    return None


def _passed(user: model.User) -> bool:
    """Enrolled, and in a web session the second step was passed (an API
    token was itself created after MFA)."""
    return mfa.is_enrolled(user.id) and bool(
        tk.g.get("login_via_auth_header") or session.get(VERIFIED) == user.id)


@tk.chained_action
def api_token_create(up_func, context, data_dict):
    """Core ``api_token_create``; refused to suspended users, and, in a web
    or API request, to a user who must use MFA and has not passed it, and
    for a token owner who must use MFA and has not enrolled."""
    owner = model.User.get(validated(data_dict, schema.token_owner(), context)["user"])
    if owner is not None and suspension.is_suspended(owner):
        raise tk.NotAuthorized(suspension.suspended_message())
    actor = _acting_user()
    if actor is not None and owner is not None and (
            (mfa.required(actor) and not _passed(actor))
            or (owner.id != actor.id and mfa.required(owner) and not mfa.is_enrolled(owner.id))):
        raise tk.ValidationError({"mfa": [tk._(
            "Your account must use multi-factor authentication: set it up "
            "(and log in with it) before creating API tokens.")]})
    return up_func(context, data_dict)
