"""Suspension actions (operators)."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import clock
from ckanext.tdpf.logic.action_input import validated

from ..audit import chain as audit
from . import schema
from .checks import active, datasets_of, reindex
from .model import Suspension

__all__ = ["tdpf_suspension_create", "tdpf_suspension_lift", "tdpf_suspension_list"]


def _target(data: dict) -> tuple[str, str, str]:
    """(object_type, object id, name) of the user or organisation named."""
    object_type, value = data["object_type"], data["object_id"]
    if object_type == "user":
        obj = model.User.get(value)
        found = obj is not None and obj.state != "deleted"
    else:
        obj = model.Group.get(value)
        found = obj is not None and obj.is_organization and obj.state != "deleted"
    if not found or obj is None:
        raise tk.ObjectNotFound(tk._("Not found: {} {}").format(object_type, value))
    return object_type, obj.id, obj.name


def _actor(context) -> str:
    user = model.User.get(context.get("user") or "")
    return user.id if user else ""


def tdpf_suspension_create(context, data_dict):
    """Suspend a user or an organisation at once (sysadmins).

    :param object_type: ``user`` or ``organization``
    :param object_id: id or name of the user or organisation
    :param reason: why (required; shown on the hidden datasets' pages)
    :returns: the suspension
    """
    tk.check_access("tdpf_suspension_create", context, data_dict)
    data = validated(data_dict, schema.suspension_create(), context)
    object_type, object_id, name = _target(data)
    reason = data["reason"]
    actor = _actor(context)
    if object_type == "user" and object_id == actor:
        raise tk.ValidationError({"object_id": [tk._("You cannot suspend yourself")]})
    if active(object_type, object_id):
        raise tk.ValidationError({"object_id": [tk._("{} is already suspended").format(name)]})
    row = Suspension(object_type=object_type, object_id=object_id, reason=reason,
                     created=clock.db_now(), created_by=actor)
    model.Session.add(row)
    model.Session.flush()
    affected = datasets_of(object_type, object_id)
    audit.record("suspension.create", actor=actor, object_type=object_type,
                 object_id=object_id, detail={"name": name, "reason": reason,
                                              "datasets": len(affected)})
    model.Session.commit()
    reindex(affected)
    return row.as_dict() | {"name": name}


def tdpf_suspension_lift(context, data_dict):
    """End the active suspension of a user or organisation (sysadmins): their
    datasets come back exactly as they were.

    :param object_type: ``user`` or ``organization``
    :param object_id: id or name
    :param reason: why it is lifted (optional)
    """
    tk.check_access("tdpf_suspension_lift", context, data_dict)
    data = validated(data_dict, schema.suspension_lift(), context)
    object_type, object_id, name = _target(data)
    row = active(object_type, object_id)
    if row is None:
        raise tk.ValidationError({"object_id": [tk._("{} is not suspended").format(name)]})
    actor = _actor(context)
    reason = data["reason"]
    row.lifted_at, row.lifted_by, row.lift_reason = clock.db_now(), actor, reason
    affected = datasets_of(object_type, object_id)
    audit.record("suspension.lift", actor=actor, object_type=object_type,
                 object_id=object_id, detail={"name": name, "reason": reason,
                                              "suspension": row.id})
    model.Session.commit()
    reindex(affected)
    return row.as_dict() | {"name": name}


@tk.side_effect_free
def tdpf_suspension_list(context, data_dict):
    """Suspensions, newest first (sysadmins).

    :param active_only: only those not lifted (default true)
    :param object_type: ``user`` or ``organization`` (optional)
    :param limit: default 100
    """
    tk.check_access("tdpf_suspension_list", context, data_dict)
    data = validated(data_dict, schema.suspension_list(), context)
    query = sa.select(Suspension).order_by(Suspension.created.desc(), Suspension.id.desc())
    if data["active_only"]:
        query = query.where(Suspension.lifted_at.is_(None))
    if "object_type" in data:
        query = query.where(Suspension.object_type == data["object_type"])
    out = []
    for row in model.Session.execute(query.limit(data["limit"])).scalars():
        obj = (model.User.get(row.object_id) if row.object_type == "user"
               else model.Group.get(row.object_id))
        out.append(row.as_dict() | {"name": obj.name if obj else row.object_id})
    return out
