"""MFA actions, and the chained ``api_token_create``."""
from __future__ import annotations

from flask import has_request_context, session
from flask_login import current_user

import ckan.plugins.toolkit as tk
from ckan import model

from .. import mfa, suspension
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
    return mfa.status(_user(data_dict.get("id") or context.get("user")))


def tdpf_mfa_reset(context, data_dict):
    """Remove a user's MFA enrolment and recovery codes (sysadmins), e.g.
    after a lost phone; the user enrols again at the next login.

    :param id: user id or name
    :param reason: why (recorded in the audit log)
    """
    tk.check_access("tdpf_mfa_reset", context, data_dict)
    user = _user(data_dict.get("id"))
    actor = model.User.get(context.get("user") or "")
    had = mfa.reset(user, actor.id if actor else "", (data_dict.get("reason") or "").strip())
    return {"user": user.name, "reset": had}


def _own_request(user: model.User) -> bool:
    """The user is asking for their own token over the web or the API (not
    a CLI, job or an operator's internal call)."""
    return (has_request_context() and current_user.is_authenticated
            and current_user.id == user.id)


@tk.chained_action
def api_token_create(up_func, context, data_dict):
    """Core ``api_token_create``; refused to suspended users, and to users
    who must use MFA until they have enrolled and, in a web session, passed
    the second step."""
    user = model.User.get(data_dict.get("user") or "")
    if user is not None:
        if suspension.is_suspended(user):
            raise tk.NotAuthorized(suspension.suspended_message())
        if _own_request(user) and mfa.required(user):
            passed = tk.g.get("login_via_auth_header") or session.get(VERIFIED) == user.id
            if not (mfa.is_enrolled(user.id) and passed):
                raise tk.ValidationError({"mfa": [tk._(
                    "Your account must use multi-factor authentication: set it up "
                    "(and log in with it) before creating API tokens.")]})
    return up_func(context, data_dict)
