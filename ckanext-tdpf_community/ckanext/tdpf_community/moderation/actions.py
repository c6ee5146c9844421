"""通報 and hiding: anyone signed in reports a post they can see, once per
post; operators hide it with a reason (kept on the post: who, when, why;
the open reports of the post are resolved with it) or show it again. The
author is told why their post was hidden."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import audit, clock
from ckanext.tdpf.logic.action_input import validated

from .. import access
from ..notices.service import commit, n_, notify
from . import schema
from .checks import check
from .model import Report
from .objects import find
from .queue import mark_reviewed, new_posts, reviewed_at

__all__ = ["tdpf_community_report_create", "tdpf_community_hide",
           "tdpf_community_report_list", "tdpf_community_queue",
           "tdpf_community_queue_reviewed"]

_ = tk._


def tdpf_community_report_create(context, data_dict):
    """Report (通報) a data request, comment or rating to the operators.

    :param object_type: datarequest, comment, rating or showcase
    :param object_id: its id
    :param reason: what is wrong with it
    :returns: the report (``id``, ``object_type``, ``object_id``)
    """
    tk.check_access("tdpf_community_report_create", context, data_dict)
    data = validated(data_dict, schema.report(), context)
    post = find(context, data["object_type"], data["object_id"])
    user = access.poster(context)
    already = model.Session.execute(sa.select(Report.id).where(
        Report.object_type == post.type, Report.object_id == data["object_id"],
        Report.user_id == user.id, Report.resolved_at.is_(None))).first()
    if already:
        raise tk.ValidationError({"object_id": [_("You have already reported this post.")]})
    check(context, {"reason": data["reason"]})
    report = Report(object_type=post.type, object_id=data["object_id"], user_id=user.id,
                    reason=data["reason"])
    model.Session.add(report)
    model.Session.flush()
    notify(access.operators(), n_("A post was reported"),
           n_("{user} reported a post: {reason}\n\n{text}"),
           {"user": user.display_name, "reason": data["reason"], "text": post.text[:500]},
           link="/community/moderation", exclude=user.id, kind="moderation")
    commit(context)
    return {"id": report.id, "object_type": post.type, "object_id": data["object_id"]}


def tdpf_community_hide(context, data_dict):
    """Hide a post (operators), with the reason the author is told, or show
    it again (``hidden=false``). The post's open reports are resolved.

    :param object_type: datarequest, comment, rating or showcase
    :param object_id: its id
    :param reason: why it is hidden (required to hide)
    :param hidden: true to hide (default), false to show again
    :returns: ``{"object_type", "object_id", "hidden", "hidden_reason"}``
    """
    tk.check_access("tdpf_community_hide", context, data_dict)
    data = validated(data_dict, schema.hide(), context)
    if data["hidden"] and not data["reason"]:
        raise tk.ValidationError({"reason": [_("Say why the post is hidden.")]})
    post = find(context, data["object_type"], data["object_id"])
    user = access.poster(context)
    row, now = post.row, clock.db_now()
    row.hidden_reason = data["reason"] if data["hidden"] else None
    row.hidden_by, row.hidden_at = user.id, now
    # in the trust plugin's audit log (through the core), committed with the change
    audit.record("community.hide" if data["hidden"] else "community.show", actor=user.id,
                 object_type=post.type, object_id=data["object_id"],
                 detail={"reason": data["reason"], "author": row.user_id,
                         "text": post.text[:500]})
    model.Session.execute(sa.update(Report).where(
        Report.object_type == post.type, Report.object_id == data["object_id"],
        Report.resolved_at.is_(None)).values(
        resolved_by=user.id, resolved_at=now, outcome="hidden" if data["hidden"] else "kept"))
    if data["hidden"]:
        notify([row.user_id], n_("Your post was hidden"),
               n_("An operator hid your post.\nReason: {reason}\n\n{text}"),
               {"reason": data["reason"], "text": post.text[:500]}, link=post.link,
               exclude=user.id, kind="moderation")
    commit(context)
    return {"object_type": post.type, "object_id": data["object_id"],
            "hidden": data["hidden"], "hidden_reason": row.hidden_reason}


@tk.side_effect_free
def tdpf_community_report_list(context, data_dict):
    """The operators' queue: reports, newest first, with the reported post.

    :param resolved: true for the resolved reports (default: the open ones)
    :param limit: how many (default 50, at most 200)
    :returns: ``{"count", "results"}``
    """
    tk.check_access("tdpf_community_report_list", context, data_dict)
    data = validated(data_dict, schema.queue(), context)
    where = Report.resolved_at.isnot(None) if data["resolved"] else Report.resolved_at.is_(None)
    count = model.Session.execute(sa.select(sa.func.count()).select_from(Report).where(
        where)).scalar() or 0
    rows = model.Session.execute(sa.select(Report).where(where).order_by(
        Report.created.desc()).limit(data["limit"])).scalars()
    results = []
    for report in rows:
        try:
            post = find(context, report.object_type, report.object_id)
        except tk.ObjectNotFound:
            continue  # the post was deleted (e.g. its dataset)
        reporter = model.User.get(report.user_id)
        results.append({
            "id": report.id, "object_type": report.object_type,
            "object_id": report.object_id, "reason": report.reason,
            "created": report.created.isoformat() if report.created else None,
            "reporter": reporter.name if reporter else None, "text": post.text,
            "link": post.link, "hidden": post.row.hidden(),
            "hidden_reason": post.row.hidden_reason, "outcome": report.outcome})
    return {"count": count, "results": results}


@tk.side_effect_free
def tdpf_community_queue(context, data_dict):
    """The operators' queue: the open reports and the posts (requests,
    comments, ratings with a reason, showcases) new since you last marked
    it reviewed, with every showcase awaiting approval.

    :param limit: how many of each (default 50, at most 200)
    :returns: ``{"reviewed_at", "reports", "new_posts"}``
    """
    tk.check_access("tdpf_community_queue", context, data_dict)
    data = validated(data_dict, schema.queue(), context)
    user = access.poster(context)
    reports = tdpf_community_report_list(context, {"limit": data["limit"]})
    last = reviewed_at(user.id)
    return {"reviewed_at": last.isoformat() if last else None, "reports": reports,
            "new_posts": new_posts(context, user.id, data["limit"])}


def tdpf_community_queue_reviewed(context, data_dict):
    """Mark the queue's new posts reviewed (operators): the next queue lists
    the posts after now.

    :returns: ``{"reviewed_at"}``
    """
    tk.check_access("tdpf_community_queue_reviewed", context, data_dict)
    user = access.poster(context)
    now = mark_reviewed(user.id)
    model.repo.commit()
    return {"reviewed_at": now.isoformat()}
