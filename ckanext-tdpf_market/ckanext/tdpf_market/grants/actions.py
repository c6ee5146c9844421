"""Access requests and grants (API).

A member requests a conditional or paid dataset declaring a purpose and
accepting its current conditions; eligibility (member type, tier, purpose)
is checked at once. The provider approves or rejects (or the dataset
approves automatically); an approval starts a grant that snapshots the
accepted conditions and ends by expiry, revocation, withdrawal or
suspension."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import availability

from .. import conditions as cond
from ..members import profile
from ..members.model import utcnow
from . import notify, policy, service
from .model import AccessRequest, Grant
from .notify import _n

__all__ = ["tdpf_access_request_create", "tdpf_access_request_list",
           "tdpf_access_request_show", "tdpf_access_request_decide",
           "tdpf_grant_list", "tdpf_grant_revoke"]

_ = tk._
TRUE = (True, "true", "True", "on", "1", 1, "yes")


def _caller(context) -> model.User:
    user = context.get("auth_user_obj")
    user = user if isinstance(user, model.User) else model.User.get(context["user"])
    if user is None:  # an internal call (ignore_auth) for no one
        raise tk.NotAuthorized(_("Log in to use the distribution platform."))
    return user


def _text(data_dict: dict, key: str) -> str | None:
    """An optional text parameter (ValidationError for lists, objects...)."""
    value = data_dict.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise tk.ValidationError({key: [_("Must be a single value.")]})
    return str(value)


STATES = {AccessRequest: ("pending", "approved", "rejected", "expired"),
          Grant: ("active", "expired", "revoked", "withdrawn", "suspended")}


def _get(cls, id_: Any, what: str):
    """The row, or ObjectNotFound naming ``what`` (a msgid)."""
    id_ = _text({"id": id_}, "id")
    obj = model.Session.get(cls, id_) if id_ else None
    if obj is None:
        raise tk.ObjectNotFound(_("{what} not found").format(what=_(what)))
    return obj


def _finish(context) -> None:
    if not context.get("defer_commit"):
        model.Session.commit()
        notify.send_pending()


def _limit(data_dict, default: int = 100) -> tuple[int, int]:
    try:
        limit = min(max(int(data_dict.get("limit") or default), 1), 1000)
        offset = max(int(data_dict.get("offset") or 0), 0)
    except (TypeError, ValueError):
        raise tk.ValidationError(
            {"limit": [_("limit and offset must be whole numbers.")]}) from None
    return limit, offset


def _with_dataset(row: dict[str, Any], pkg: model.Package | None, user_name: str | None):
    row["dataset_name"] = pkg.name if pkg else None
    row["dataset_title"] = pkg.title if pkg else None
    row["user_name"] = user_name
    return row


def _request_dict(request: AccessRequest) -> dict[str, Any]:
    user = model.User.get(request.user_id)
    out = _with_dataset(request.as_dict(), model.Package.get(request.dataset_id),
                        user.name if user else None)
    if request.grant_id:
        grant = model.Session.get(Grant, request.grant_id)
        out["grant"] = grant.as_dict() if grant else None
    return out


def tdpf_access_request_create(context, data_dict):
    """Request access to a conditional or paid dataset (members only).

    :param dataset_id: dataset id or name (or ``id``)
    :param purpose: declared purpose of use, a CADDE trading_policy_use_application
      value (商用, 研究, 教育, 公共, 医業利用, 個別調整, その他(自由記述))
    :param accepted_conditions: true: the member accepts the conditions shown
      (they are recorded with the request and become the grant's conditions)
    :param message: optional note to the provider
    :param resource_id: optional; only this resource of the dataset
    :returns: the request (``state`` pending, or approved with its ``grant``
      when the dataset approves automatically)
    """
    tk.check_access("tdpf_access_request_create", context, data_dict)
    user = _caller(context)
    dataset_id = _text(data_dict, "dataset_id") or _text(data_dict, "id")
    if not dataset_id:
        raise tk.ValidationError({"dataset_id": [_("Missing value")]})
    pkg = tk.get_action("package_show")(
        {"user": context["user"], "auth_user_obj": user}, {"id": dataset_id})
    if availability.hidden(pkg):
        raise tk.ValidationError({"dataset_id": [_("This dataset is not offered now.")]})
    if not any(cond.is_gated(pkg, res) for res in pkg.get("resources") or [{}]):
        raise tk.ValidationError({"dataset_id": [
            _("This dataset is open data: download it without a request.")]})
    resource_id = _text(data_dict, "resource_id")
    if resource_id and resource_id not in [r["id"] for r in pkg.get("resources", [])]:
        raise tk.ValidationError({"resource_id": [_("The resource is not part of this dataset.")]})
    conditions = cond.of(pkg)
    purpose = str(data_dict.get("purpose") or "").strip()
    member = profile(user.id)
    errors = service.eligibility_errors(conditions, member, purpose)
    if data_dict.get("accepted_conditions") not in TRUE:
        errors["accepted_conditions"] = [
            _("Read and accept the usage conditions to request access.")]
    if errors or member is None:  # no member: an error already
        raise tk.ValidationError(errors)
    if _open_request_or_grant(user.id, pkg["id"]):
        raise tk.ValidationError({"dataset_id": [
            _("You already have a pending request or a valid grant for this dataset.")]})
    now = utcnow()
    request = AccessRequest(
        dataset_id=pkg["id"], resource_id=resource_id, user_id=user.id, purpose=purpose,
        message=str(data_dict.get("message") or "")[:2000], member_type=member["member_type"],
        accepted_conditions=conditions, state="pending", created=now,
        expires_at=now + datetime.timedelta(
            days=tk.config.get("ckanext.tdpf_market.grants.request_expiry_days")))
    try:
        with model.Session.begin_nested():
            model.Session.add(request)
    except IntegrityError:  # a concurrent request of the same member won
        raise tk.ValidationError({"dataset_id": [
            _("You already have a pending request or a valid grant for this dataset.")]}) from None
    if conditions["approval_mode"] == "auto":
        service.start_grant(request, "auto")
        notify.notify([user.id], _n("Your access request was approved"),
                      _n("You can now download {title}."), {"title": pkg["title"]}, request.id)
    else:
        notify.notify(notify.providers_of(pkg.get("owner_org")),
                      _n("New access request"), _n("{user} requests {title} for {purpose}."),
                      {"user": user.display_name, "title": pkg["title"], "purpose": purpose},
                      request.id)
    _finish(context)
    return _request_dict(request)


def _open_request_or_grant(user_id: str, dataset_id: str) -> bool:
    pending = model.Session.execute(sa.select(AccessRequest.id).where(
        AccessRequest.user_id == user_id, AccessRequest.dataset_id == dataset_id,
        AccessRequest.state == "pending")).first()
    return bool(pending or policy.valid_grants(user_id, [dataset_id]))


def _visible(query, cls, context, data_dict):
    """Rows the caller may see: their own, and those of datasets they
    provide (every row for operators); filters dataset_id, state, user_id."""
    user = _caller(context)
    query = query.join(model.Package, model.Package.id == cls.dataset_id)
    if not user.sysadmin:
        orgs = policy.managed_org_ids(user)
        query = query.where(sa.or_(cls.user_id == user.id, model.Package.owner_org.in_(orgs)))
    dataset_id, state, user_id = (_text(data_dict, k) for k in ("dataset_id", "state", "user_id"))
    if dataset_id:
        pkg = model.Package.get(dataset_id)
        query = query.where(cls.dataset_id == (pkg.id if pkg else dataset_id))
    if state:
        if state not in STATES[cls]:
            raise tk.ValidationError({"state": [_("Choose one of: {values}.").format(
                values=", ".join(STATES[cls]))]})
        query = query.where(cls.state == state)
    if user_id:
        member = model.User.get(user_id)
        query = query.where(cls.user_id == (member.id if member else user_id))
    if data_dict.get("mine") in TRUE:
        query = query.where(cls.user_id == user.id)
    return query


def _list(cls, as_dict, context, data_dict) -> list[dict[str, Any]]:
    limit, offset = _limit(data_dict)
    query = _visible(sa.select(cls), cls, context, data_dict)
    rows = model.Session.execute(query.order_by(cls.created.desc())
                                 .limit(limit).offset(offset)).scalars()
    return [as_dict(row) for row in rows]


@tk.side_effect_free
def tdpf_access_request_list(context, data_dict):
    """Access requests the caller may see: their own and, for providers,
    those of their organisations' datasets (operators: all), newest first.

    :param dataset_id: only this dataset (optional)
    :param state: pending, approved, rejected or expired (optional)
    :param user_id: only this requester (optional)
    :param mine: true: only the caller's own requests
    :param limit: at most this many (default 100, max 1000)
    :param offset: skip this many
    """
    tk.check_access("tdpf_access_request_list", context, data_dict)
    return _list(AccessRequest, _request_dict, context, data_dict)


@tk.side_effect_free
def tdpf_access_request_show(context, data_dict):
    """One access request (its requester, the dataset's provider, operators).

    :param id: the request id
    """
    request = _get(AccessRequest, data_dict.get("id"), _n("Access request"))
    tk.check_access("tdpf_access_request_show", context, data_dict)
    return _request_dict(request)


def tdpf_access_request_decide(context, data_dict):
    """Approve or reject a pending request (provider of the dataset).

    :param id: the request id
    :param decision: ``approve`` or ``reject``
    :param reason: why (required to reject; shown to the member)
    :returns: the request, with its ``grant`` when approved
    """
    request = _get(AccessRequest, data_dict.get("id"), _n("Access request"))
    tk.check_access("tdpf_access_request_decide", context, data_dict)
    decision = data_dict.get("decision")
    reason = str(data_dict.get("reason") or "").strip()
    if decision not in ("approve", "reject"):
        raise tk.ValidationError({"decision": [_("Choose approve or reject.")]})
    if decision == "reject" and not reason:
        raise tk.ValidationError({"reason": [_("Give the member a reason for the rejection.")]})
    # locked until the commit: two providers deciding at once make one grant
    model.Session.refresh(request, with_for_update=True)
    if request.state != "pending":
        raise tk.ValidationError({"id": [_("This request is already {state}.")
                                         .format(state=_(request.state))]})
    user = _caller(context)
    pkg = model.Package.get(request.dataset_id)
    request.reason = reason
    if decision == "approve":
        service.start_grant(request, user.id)
        subject, body = _n("Your access request was approved"), _n("You can now download {title}.")
    else:
        request.state, request.decided_at, request.decided_by = "rejected", utcnow(), user.id
        subject, body = _n("Your access request was rejected"), _n("{title}: {reason}")
    title = pkg.title if pkg else request.dataset_id  # a purged dataset: its id
    notify.notify([request.user_id], subject, body, {"title": title, "reason": reason},
                  request.id)
    _finish(context)
    return _request_dict(request)


def _grant_dict(grant: Grant) -> dict[str, Any]:
    user = model.User.get(grant.user_id)
    return _with_dataset(grant.as_dict(), model.Package.get(grant.dataset_id),
                         user.name if user else None)


@tk.side_effect_free
def tdpf_grant_list(context, data_dict):
    """Grants the caller may see (own; providers: their datasets'; operators: all).

    :param dataset_id: only this dataset (optional)
    :param state: active, expired, revoked, withdrawn or suspended (optional)
    :param user_id: only this member (optional)
    :param mine: true: only the caller's own grants
    :param limit: at most this many (default 100, max 1000)
    :param offset: skip this many
    """
    tk.check_access("tdpf_grant_list", context, data_dict)
    return _list(Grant, _grant_dict, context, data_dict)


def tdpf_grant_revoke(context, data_dict):
    """End a grant now (provider of the dataset, operators).

    :param id: the grant id
    :param reason: why (shown to the member)
    """
    grant = _get(Grant, data_dict.get("id"), _n("Grant"))
    tk.check_access("tdpf_grant_revoke", context, data_dict)
    model.Session.refresh(grant, with_for_update=True)
    if grant.state != "active":
        raise tk.ValidationError({"id": [_("This grant has already ended.")]})
    reason = str(data_dict.get("reason") or "").strip()
    service.end_grant(grant, "revoked", _caller(context).id, reason)
    pkg = model.Package.get(grant.dataset_id)
    notify.notify([grant.user_id], _n("Your access was revoked"), _n("{title}: {reason}"),
                  {"title": pkg.title if pkg else "", "reason": reason}, grant.request_id)
    _finish(context)
    return _grant_dict(grant)
