"""Organisation review actions, and the chained ``organization_create``
that opens a review."""
from __future__ import annotations

import logging

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.tdpf import queues
from ckanext.tdpf.clock import db_now as _now
from ckanext.tdpf.logic.action_input import validated

from ..audit import chain as audit
from ..suspension.checks import datasets_of, reindex
from . import schema
from .model import APPROVED, PENDING, OrganizationReview
from .organizations import review_of
from .schema import DECISIONS

log = logging.getLogger(__name__)

__all__ = ["organization_create", "tdpf_organization_review_list",
           "tdpf_organization_review_decide", "tdpf_organization_review_show"]


def _user_id(context) -> str:
    user = model.User.get(context.get("user") or "")
    return user.id if user else ""


def _organization(value: str | None) -> model.Group:
    group = model.Group.get(value or "")
    if not group or not group.is_organization or group.state == "deleted":
        raise tk.ObjectNotFound(tk._("Organisation not found: {}").format(value or ""))
    return group


def _review_dict(group: model.Group, row: OrganizationReview | None) -> dict:
    out = row.as_dict() if row else {"organization_id": group.id, "state": APPROVED,
                                     "requested_by": "", "created": None,
                                     "decided_by": None, "decided_at": None,
                                     "reason": ""}
    applicant = model.User.get(out["requested_by"]) if out["requested_by"] else None
    out.update(organization_name=group.name, organization_title=group.title,
               requested_by_name=applicant.name if applicant else "")
    return out


@tk.chained_action
def organization_create(up_func, context, data_dict):
    """Core ``organization_create``; an organisation created by a user who
    is not a sysadmin starts pending review (sysadmins' start approved)."""
    result = up_func(context, data_dict)
    user = context.get("user") or ""
    now = _now()
    if user and not authz.is_sysadmin(user):
        state, event = PENDING, "review.request"
    else:
        state, event = APPROVED, "review.auto_approve"
    actor = _user_id(context)
    model.Session.add(OrganizationReview(
        organization_id=result["id"], state=state, requested_by=actor, created=now,
        decided_by=actor if state == APPROVED else None,
        decided_at=now if state == APPROVED else None, reason=""))
    audit.record(event, actor=actor, object_type="organization", object_id=result["id"],
                 detail={"name": result.get("name"), "state": state})
    if not context.get("defer_commit"):
        model.Session.commit()
    return result


@tk.side_effect_free
def tdpf_organization_review_list(context, data_dict):
    """The review queue (sysadmins).

    :param state: ``pending`` (default), ``approved``, ``rejected`` or ``all``
    :param limit: at most this many (default 100)
    :param offset: skip this many (default 0)
    :returns: list of reviews, oldest request first, each with
        ``organization_name`` and ``organization_title``
    """
    tk.check_access("tdpf_organization_review_list", context, data_dict)
    data = validated(data_dict, schema.review_list(), context)
    state = data["state"]
    query = (sa.select(OrganizationReview, model.Group)
             .join(model.Group, model.Group.id == OrganizationReview.organization_id)
             .where(model.Group.state != "deleted")
             .order_by(OrganizationReview.created, model.Group.name))
    if state != "all":
        query = query.where(OrganizationReview.state == state)
    rows = model.Session.execute(query.limit(data["limit"]).offset(data["offset"])).all()
    return [_review_dict(group, row) for row, group in rows]


@tk.side_effect_free
def tdpf_organization_review_show(context, data_dict):
    """The review state of one organisation (its members and sysadmins).

    :param id: organisation id or name
    """
    tk.check_access("tdpf_organization_review_show", context, data_dict)
    group = _organization(validated(data_dict, schema.review_show(), context)["id"])
    return _review_dict(group, review_of(group.id))


def tdpf_organization_review_decide(context, data_dict):
    """Approve or reject an organisation (sysadmins). Its admins are told by
    mail; a mail failure does not undo the decision.

    :param id: organisation id or name
    :param decision: ``approve`` or ``reject``
    :param reason: why (required to reject; shown to the organisation)
    """
    tk.check_access("tdpf_organization_review_decide", context, data_dict)
    data = validated(data_dict, schema.review_decide(), context)
    group = _organization(data["id"])
    decision, reason = data["decision"], data["reason"]
    actor = _user_id(context)
    row = review_of(group.id)
    if row is None:
        row = OrganizationReview(organization_id=group.id, requested_by="", created=_now())
        model.Session.add(row)
    previous = row.state if row.state else None
    row.state, row.reason = DECISIONS[decision], reason
    row.decided_by, row.decided_at = actor, _now()
    audit.record(f"review.{decision}", actor=actor, object_type="organization",
                 object_id=group.id, detail={"name": group.name, "reason": reason,
                                             "previous_state": previous})
    model.Session.commit()
    # the badge and the verified_provider index field follow the decision
    reindex(datasets_of("organization", group.id))
    _notify(group, row)
    return _review_dict(group, row)


def _notify(group: model.Group, row: OrganizationReview) -> None:
    """Queue the mail to the organisation's admins and the applicant (a
    background job: a slow or failing mail server delays nobody)."""
    admins = {m.table_id for m in model.Session.query(model.Member).filter(
        model.Member.group_id == group.id, model.Member.table_name == "user",
        model.Member.capacity == "admin", model.Member.state == "active") if m.table_id}
    if row.requested_by:
        admins.add(row.requested_by)
    if admins:
        tk.enqueue_job(mail_decision, [group.id, sorted(admins)],
                       title=f"tdpf_trust: review decision mail {group.name}",
                       queue=queues.PRIORITY)


def mail_decision(organization_id: str, user_ids: list[str]) -> int:
    """The job: mail the current decision to each user; returns how many
    mails were sent (a failure is logged; the decision stands)."""
    group = model.Group.get(organization_id)
    row = review_of(organization_id)
    if group is None or row is None or row.state == PENDING:
        return 0
    if row.state == APPROVED:
        subject = tk._("TDPF: your organisation {} was approved").format(group.title)
        body = tk._("The TDPF operators approved the organisation \"{}\". Its "
                    "datasets can now be made public.").format(group.title)
        if row.reason:
            body += "\n" + row.reason
    else:
        subject = tk._("TDPF: your organisation {} was not approved").format(group.title)
        body = tk._("The TDPF operators did not approve the organisation \"{}\".\n"
                    "Reason: {}").format(group.title, row.reason)
    sent = 0
    for user_id in user_ids:
        user = model.User.get(user_id)
        if not user or not user.email:
            continue
        try:
            tk.mail_user(user, subject, body)
            sent += 1
        except Exception as error:  # noqa: BLE001 - one failed mail must not stop the rest
            log.warning("review: could not mail %s about %s: %s", user.name, group.name, error)
    return sent
