"""Leaving the platform (the user themselves)."""
from __future__ import annotations

from flask import has_request_context

import ckan.plugins.toolkit as tk
from ckan.lib.authenticator import ckan_authenticator
from ckan.model import User

from ckanext.tdpf.logic.action_input import validated

from . import account, schema

__all__ = ["tdpf_user_leave"]


def _password_ok(user: User, password: str) -> bool:
    """In a request, CKAN's password check with the wrong-password lockout
    (``mfa.password``), as at the login form; elsewhere (scripts) the hash."""
    if not has_request_context():
        return user.validate_password(password)
    return isinstance(ckan_authenticator({"login": user.name, "password": password}), User)


def tdpf_user_leave(context, data_dict):
    """Leave the platform (任意退会): the signed-in user deletes their own
    account. Their published datasets stay with the organisations and the
    audit records stay; the profile, API tokens, MFA settings, memberships
    and what other plugins hold per user are deleted; the account cannot
    log in any more. Operators delete other accounts with ``user_delete``.
    An operator (sysadmin) account, and the only administrator of an
    organisation, cannot leave (409 with what to do first).

    :param password: the user's password, to confirm
    :returns: ``name`` and the ``deleted`` counts
    """
    tk.check_access("tdpf_user_leave", context, data_dict)
    user = User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in to leave the platform."))
    password = validated(data_dict, schema.user_leave(), context)["password"]
    if not _password_ok(user, password):
        raise tk.ValidationError({"password": [tk._("The password is not correct")]})
    blockers = account.blockers(user)
    if blockers:
        raise tk.ValidationError({"account": blockers})
    return account.leave(user)
