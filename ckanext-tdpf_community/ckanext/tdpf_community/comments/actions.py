"""Comments on datasets and data requests: questions, error reports
(「データの誤り」, routed to the provider with the resource and row),
answers and plain comments, threaded one level below each top comment.
Only those who may see the dataset see its comments."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf.logic.action_input import validated

from .. import access, posts
from ..moderation.checks import check
from ..notices.service import commit, n_, notify
from . import schema
from .model import Comment
from .subjects import Subject, answers_for, subject

__all__ = ["tdpf_comment_create", "tdpf_comment_list"]

_ = tk._
KIND_LABELS = {"question": "Question", "error": "Error in the data", "answer": "Answer",
               "comment": "Comment"}


def as_dict(row: Comment) -> dict[str, Any]:
    out = {"id": row.id, "subject_type": row.subject_type, "subject_id": row.subject_id,
           "parent_id": row.parent_id, "kind": row.kind, "body": row.body,
           "resource_id": row.resource_id, "row": row.row, "by_provider": row.by_provider,
           **row.post_fields()}
    if row.hidden():
        out["hidden_reason"] = row.hidden_reason
    return out


def _resource(found: Subject, resource_id: str | None) -> str | None:
    if not resource_id:
        return None
    pkg = found.package
    if pkg is None or resource_id not in {r.id for r in pkg.resources}:
        raise tk.ValidationError({"resource_id": [_("Choose a resource of this dataset.")]})
    return resource_id


def _parent(found: Subject, parent_id: str | None, context) -> Comment | None:
    if not parent_id:
        return None
    parent = model.Session.get(Comment, parent_id)
    if parent is None or parent.subject_id != found.id \
            or not posts.shown(parent, access.is_operator(context)):
        raise tk.ValidationError({"parent_id": [_("Reply to a comment on the same page.")]})
    # one level of replies: a reply to a reply joins its thread
    return model.Session.get(Comment, parent.parent_id) if parent.parent_id else parent


def _notify(row: Comment, found: Subject, parent: Comment | None, user: model.User) -> None:
    params = {"title": found.title, "user": user.display_name, "body": row.body[:500],
              "kind_label": KIND_LABELS[row.kind], "row": row.row or "-",
              "resource": row.resource_id or "-"}
    if row.kind == "error":
        notify(access.editors_of(found.org_id), n_("Error reported in {title}"),
               n_("{user} reported an error in the data of “{title}”.\nResource: "
                  "{resource}\nRow: {row}\n\n{body}"), params, link=found.link,
               exclude=user.id, kind="comments")
    elif parent is None:
        notify(access.editors_of(found.org_id), n_("New {kind_label} on {title}"),
               n_("{user} wrote on “{title}”:\n\n{body}"), params, link=found.link,
               exclude=user.id, kind="comments")
    if parent is not None:
        notify([parent.user_id], n_("Reply to your comment on {title}"),
               n_("{user} replied on “{title}”:\n\n{body}"), params, link=found.link,
               exclude=user.id, kind="comments")


def tdpf_comment_create(context, data_dict):
    """Comment on a dataset or a data request: a question, an error in the
    data (its provider is notified, with the resource and row), an answer
    to another comment, or a plain comment. The provider's own answers are
    marked as such.

    :param subject_type: ``dataset`` (default) or ``datarequest``
    :param subject_id: the dataset's id or name, or the request id
    :param body: the text
    :param kind: question, error, answer or comment (default)
    :param parent_id: the comment answered (required for an answer)
    :param resource_id: the resource with the error, optional
    :param row: the row (or cell) with the error, optional
    :returns: the comment
    """
    tk.check_access("tdpf_comment_create", context, data_dict)
    data = validated(data_dict, schema.create(), context)
    found = subject(context, data["subject_type"], data["subject_id"])
    parent = _parent(found, data.get("parent_id"), context)
    if data["kind"] == "answer" and parent is None:
        raise tk.ValidationError({"parent_id": [_("An answer replies to a comment.")]})
    resource_id = _resource(found, data.get("resource_id"))
    check(context, {"body": data["body"]}, repeat_field="body")
    user = access.poster(context)
    row = Comment(subject_type=found.type, subject_id=found.id,
                  parent_id=parent.id if parent else None, kind=data["kind"],
                  body=data["body"], resource_id=resource_id, row=data.get("row"),
                  by_provider=answers_for(context, found), user_id=user.id)
    model.Session.add(row)
    model.Session.flush()
    _notify(row, found, parent, user)
    commit(context)
    return as_dict(row)


@tk.side_effect_free
def tdpf_comment_list(context, data_dict):
    """The comments on a dataset or data request, oldest first, each top
    comment with its replies. Hidden comments and those of suspended users
    are left out (operators see them, marked).

    :param subject_type: ``dataset`` (default) or ``datarequest``
    :param subject_id: the dataset's id or name, or the request id
    :returns: ``{"count", "comments", "source_catalog"}``; ``source_catalog``
        is the URL where a harvested record's provider answers
    """
    tk.check_access("tdpf_comment_list", context, data_dict)
    data = validated(data_dict, schema.subject(), context)
    found = subject(context, data["subject_type"], data["subject_id"])
    rows = posts.visible(model.Session.execute(sa.select(Comment).where(
        Comment.subject_type == found.type, Comment.subject_id == found.id).order_by(
        Comment.created)).scalars(), access.is_operator(context))
    threads: dict[str, dict] = {}
    for row in rows:
        if row.parent_id is None:
            threads[row.id] = {**as_dict(row), "replies": []}
    for row in rows:
        if row.parent_id in threads:
            threads[row.parent_id]["replies"].append(as_dict(row))
    return {"count": len(rows), "comments": list(threads.values()),
            "source_catalog": found.source_catalog()}
