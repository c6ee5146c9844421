"""Who and what is suspended, and what that refuses or hides."""
from __future__ import annotations

import logging

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

# not `from ckan import model`: the .model submodule would shadow it
from ckan.model import Package, Session, User

from ckanext.tdpf import prefetch

from .model import Suspension

log = logging.getLogger(__name__)


def active(object_type: str, object_id: str | None) -> Suspension | None:
    """The active suspension of a user or organisation (by id), if any."""
    if not object_id:
        return None
    return Session.execute(sa.select(Suspension).where(
        Suspension.object_type == object_type, Suspension.object_id == object_id,
        Suspension.lifted_at.is_(None))).scalars().first()


def user_suspension(user: str | User | None) -> Suspension | None:
    """The active suspension of a user given by name, id or object."""
    if not user:
        return None
    if not isinstance(user, User):
        user = User.get(user)
    return active("user", user.id) if user else None


def is_suspended(user: str | User | None) -> bool:
    return user_suspension(user) is not None


def suspended_message() -> str:
    return tk._("This account is suspended by TDPF operators. Contact the "
                "operators for details.")


def refusal(user: str | User | None) -> dict | None:
    """An auth-function result refusing a suspended user; None otherwise.
    For the other trust and market auth functions:
    ``refused = suspension.refusal(context.get("user")); if refused: return refused``."""
    if is_suspended(user):
        return {"success": False, "msg": suspended_message()}
    return None


def check_user(context: dict) -> None:
    """Raise ``NotAuthorized`` when the context's user is suspended."""
    if is_suspended(context.get("user")):
        raise tk.NotAuthorized(suspended_message())


def hidden_reason(pkg_dict: dict) -> dict | None:
    """``{"kind": "suspended", "reason", "since", "object_type"}`` when the
    dataset's organisation, or the user who created it, is suspended; else
    None. One query (called on every package_show by the tombstone)."""
    targets = [(object_type, object_id) for object_type, object_id in (
        ("organization", pkg_dict.get("owner_org")),
        ("user", pkg_dict.get("creator_user_id"))) if object_id]
    if not targets:
        return None
    found = _hidden(tuple(targets))
    return dict(found) if found else None


def _hidden_one(targets: tuple[tuple[str, str], ...]) -> dict | None:
    found = Session.execute(sa.select(Suspension).where(
        Suspension.lifted_at.is_(None),
        sa.or_(*[sa.and_(Suspension.object_type == t, Suspension.object_id == i)
                 for t, i in targets])
    ).order_by(Suspension.object_type)).scalars().first()  # organisation first
    if not found:
        return None
    return {"kind": "suspended", "reason": found.reason,
            "since": found.created.isoformat(), "object_type": found.object_type}


# datasets of a chunk being indexed share a few organisations and creators
_hidden = prefetch.Lookup(_hidden_one)


def publication_problems(pkg_dict: dict) -> list[str]:
    """Called by the publication gate."""
    reason = hidden_reason(pkg_dict)
    if not reason:
        return []
    if reason["object_type"] == "organization":
        return [tk._("The organisation is suspended by TDPF operators: its "
                     "datasets cannot be made public.")]
    return [tk._("The dataset's provider account is suspended by TDPF "
                 "operators: it cannot be made public.")]


def datasets_of(object_type: str, object_id: str) -> list[str]:
    """Ids of the (not deleted) datasets of an organisation or created by a user."""
    column = Package.owner_org if object_type == "organization" else Package.creator_user_id
    return list(Session.execute(sa.select(Package.id).where(
        column == object_id, Package.state != "deleted")).scalars())


def reindex(package_ids: list[str]) -> None:
    from ckan.lib.search import rebuild
    for package_id in package_ids:
        rebuild(package_id)


def request_refusal():
    """For every web/API request (IAuthenticator.identify): a suspended
    user's session ends with a message; an API call (token or session) is
    answered 403 with the message. None when the user is not suspended."""
    from flask import jsonify, request
    from flask_login import current_user, logout_user

    if not current_user.is_authenticated or not is_suspended(current_user.id):
        return None
    message = suspended_message()
    if request.path.startswith("/api/"):
        response = jsonify({"success": False, "error": {
            "__type": "Authorization Error", "message": message}})
        response.status_code = 403
        return response
    logout_user()
    tk.h.flash_error(message)
    return tk.redirect_to("user.login")
