"""The posts that can be reported and hidden, found as the caller may see
them: a comment or rating on a dataset only by those who may see the
dataset, a data request (and its comments) by anyone unless hidden, a showcase
by anyone once approved (before: its submitter)."""
from __future__ import annotations

from dataclasses import dataclass

import ckan.plugins.toolkit as tk
from ckan import model

from .. import access, posts
from ..comments.model import Comment
from ..ratings.model import Rating
from ..requests.model import DataRequest
from ..showcases.actions import may_see
from ..showcases.model import Showcase

_ = tk._
#: object_type -> the model of that kind of post
MODELS: dict[str, type] = {"datarequest": DataRequest, "comment": Comment, "rating": Rating,
                           "showcase": Showcase}


@dataclass
class Post:
    type: str
    row: posts.Hideable
    text: str
    link: str


def _where(row) -> tuple[str | None, str]:
    """(dataset id, page) of a post about a dataset, else (None, page)."""
    if isinstance(row, Rating):
        return row.package_id, f"/dataset/{row.package_id}"
    if isinstance(row, Comment):
        if row.subject_type == "dataset":
            return row.subject_id, f"/dataset/{row.subject_id}#comment-{row.id}"
        return None, f"/datarequest/{row.subject_id}#comment-{row.id}"
    if isinstance(row, Showcase):
        return None, f"/showcase/{row.id}"
    return None, f"/datarequest/{row.id}"


def _text(row) -> str:
    if isinstance(row, Comment):
        return row.body
    if isinstance(row, Rating):
        return f"★{row.score} {row.reason or ''}".strip()
    if isinstance(row, Showcase):
        return f"{row.title}\n{row.description}"
    return f"{row.title}\n{row.purpose}"


def find(context, object_type: str, object_id: str) -> Post:
    """The post, or ObjectNotFound (also when the caller may not see it)."""
    table = MODELS.get(object_type)
    row = model.Session.get(table, object_id) if table else None
    operator = access.is_operator(context)
    if row is None or not posts.shown(row, operator):
        raise tk.ObjectNotFound(_("Post not found"))
    dataset_id, link = _where(row)
    if dataset_id and access.dataset(context, dataset_id) is None:
        raise tk.ObjectNotFound(_("Post not found"))
    if isinstance(row, Showcase) and not may_see(context, row):
        raise tk.ObjectNotFound(_("Post not found"))
    if isinstance(row, Comment) and row.subject_type == "datarequest":
        request = model.Session.get(DataRequest, row.subject_id)
        if request is None or not posts.shown(request, operator):
            raise tk.ObjectNotFound(_("Post not found"))
    return Post(object_type, row, _text(row), link)
