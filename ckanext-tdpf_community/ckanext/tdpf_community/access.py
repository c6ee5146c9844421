"""Who the caller is and what they may see, for every feature: posts about
a dataset are shown only to those who may see the dataset (private
datasets stay private, and so do their requests, comments and ratings)."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.types import Context

from ckanext.tdpf import participants

_ = tk._


def user_of(context) -> model.User | None:
    user = context.get("auth_user_obj")
    if not isinstance(user, model.User) and context.get("user"):
        user = model.User.get(context["user"])
    return user if isinstance(user, model.User) and user.state == "active" else None


def poster(context) -> model.User:
    """The signed-in caller of an action whose auth function let them in."""
    user = user_of(context)
    if user is None:
        raise tk.NotAuthorized(_("Sign in to post."))
    return user


def is_operator(context) -> bool:
    user = user_of(context)
    return bool(user and user.sysadmin)


def may_post(context) -> dict:
    """Auth answer of every posting action: signed in and not suspended."""
    refused = participants.refusal(context.get("user"))
    if refused:
        return refused
    if user_of(context) is None:
        return {"success": False, "msg": _("Sign in to post.")}
    return {"success": True}


def operator_only(context) -> dict:
    if is_operator(context):
        return {"success": True}
    return {"success": False, "msg": _("Only operators may do this.")}


def _fresh(context) -> Context:
    # a context of its own: check_access records its calls in the context
    return {"user": context.get("user") or ""}


def dataset(context, id_or_name: str | None) -> model.Package | None:
    """The dataset if the caller may see it (else None: to them it does not exist)."""
    if not id_or_name or not isinstance(id_or_name, str):
        return None
    pkg = model.Package.get(id_or_name)
    if pkg is None or pkg.state != "active":
        return None
    try:
        tk.check_access("package_show", _fresh(context), {"id": pkg.id})
    except tk.NotAuthorized:
        return None
    return pkg


def visible_dataset_ids(context, ids: list[str]) -> list[str]:
    return [i for i in ids if dataset(context, i) is not None]


def manages_dataset(context, pkg: model.Package) -> bool:
    """The provider: an editor or admin of the dataset's organisation."""
    user = user_of(context)
    if user is None:
        return False
    try:
        tk.check_access("package_update", _fresh(context), {"id": pkg.id})
    except tk.NotAuthorized:
        return False
    return True


def manages_org(context, org_id: str | None) -> bool:
    user = user_of(context)
    if user is None:
        return False
    if user.sysadmin:
        return True
    return bool(org_id) and authz.has_user_permission_for_group_or_org(
        org_id, user.name, "create_dataset")


def operators() -> list[str]:
    """User ids of the active operators (sysadmins)."""
    return list(model.Session.execute(sa.select(model.User.id).where(
        model.User.sysadmin.is_(True), model.User.state == "active")).scalars())


def editors_of(org_id: str | None) -> list[str]:
    """User ids of the organisation's editors and admins."""
    if not org_id:
        return []
    rows = model.Session.execute(sa.select(model.Member.table_id).where(
        model.Member.group_id == org_id, model.Member.table_name == "user",
        model.Member.state == "active",
        model.Member.capacity.in_(("editor", "admin")))).scalars()
    return [row for row in rows if row]


def organization(id_or_name: str | None) -> model.Group | None:
    if not id_or_name or not isinstance(id_or_name, str):
        return None
    org = model.Group.get(id_or_name)
    if org is None or not org.is_organization or org.state != "active":
        return None
    return org
