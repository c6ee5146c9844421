"""Member profile actions and the member type asked at sign-up."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.tdpf.logic.action_input import validated

from . import profile, schema
from .model import MemberProfile, utcnow

__all__ = ["tdpf_member_show", "tdpf_member_list", "tdpf_member_update", "user_create"]

_ = tk._


def _user(id_or_name: Any) -> model.User:
    user = model.User.get(id_or_name) if isinstance(id_or_name, str) and id_or_name else None
    if user is None:
        raise tk.ObjectNotFound(_("User not found"))
    return user


def _profile_fields(data_dict: dict[str, Any], context: Context) -> dict[str, Any]:
    """The profile fields present in ``data_dict``, checked."""
    data = validated(data_dict, schema.profile(), context)
    return {key: data[key] for key in schema.PROFILE_FIELDS if key in data}


def _result(user: model.User) -> dict[str, Any]:
    return {"user_id": user.id, "name": user.name,
            **(profile(user.id) or {"member_type": None, "tier": None,
                                    "organization_name": "", "verified": False})}


@tk.side_effect_free
def tdpf_member_show(context, data_dict):
    """The member profile of a user.

    :param id: user id or name (default: the caller)
    :returns: ``{user_id, name, member_type, tier, organization_name, verified}``
      (member_type None: not a member)
    """
    tk.check_access("tdpf_member_show", context, data_dict)
    return _result(_user(data_dict.get("id") or context.get("user")))


@tk.side_effect_free
def tdpf_member_list(context, data_dict):
    """Member profiles, newest first (operators).

    :param q: part of the user name, full name or organisation name (optional)
    :param tier: free or paid (optional)
    :param limit: at most this many (default 100, up to 1000)
    :param offset: skip this many (default 0)
    :returns: ``{count, results}``, each result as ``tdpf_member_show``
    """
    tk.check_access("tdpf_member_list", context, data_dict)
    data = validated(data_dict, schema.member_list(), context)
    query = (model.Session.query(MemberProfile, model.User)
             .join(model.User, model.User.id == MemberProfile.user_id)
             .filter(model.User.state == "active"))
    words = data["q"]
    if words:
        like = f"%{words}%"
        query = query.filter(model.User.name.ilike(like) | model.User.fullname.ilike(like)
                             | MemberProfile.organization_name.ilike(like))
    if "tier" in data:
        query = query.filter(MemberProfile.tier == data["tier"])
    count = query.count()
    rows = (query.order_by(MemberProfile.created.desc())
            .offset(data["offset"]).limit(data["limit"])).all()
    return {"count": count, "results": [
        dict(_result(user), fullname=user.fullname or "") for _profile, user in rows]}


def tdpf_member_update(context, data_dict):
    """Operators change a user's member type, tier or organisation name.

    :param id: user id or name
    :param member_type: municipality, corporation, individual or "" (not a member)
    :param tier: free or paid
    :param organization_name: the member's organisation (法人名・自治体名)
    """
    tk.check_access("tdpf_member_update", context, data_dict)
    fields = _profile_fields(data_dict, context)
    user = _user(data_dict.get("id"))
    row = model.Session.get(MemberProfile, user.id) or MemberProfile(user_id=user.id)
    for key, value in fields.items():
        setattr(row, key, value)
    row.modified = utcnow()
    model.Session.add(row)
    if not context.get("defer_commit"):
        model.Session.commit()
    return _result(user)


@tk.chained_action
def user_create(up_func, context, data_dict):
    """``member_type`` and ``organization_name`` (the sign-up form asks
    for them) start the user's member profile in the free tier."""
    own = ("member_type", "organization_name")
    # a copy: the sign-up page shows the caller's dict again after an error
    fields = _profile_fields({k: data_dict[k] for k in own if k in data_dict}, context)
    defer = context.get("defer_commit")
    context["defer_commit"] = True
    try:
        user = up_func(context, {k: v for k, v in data_dict.items() if k not in own})
    finally:
        context["defer_commit"] = defer
    if fields.get("member_type"):
        model.Session.add(MemberProfile(user_id=user["id"], tier="free", **fields))
    if not defer:
        model.Session.commit()
    return user
