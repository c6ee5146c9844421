"""What every post goes through before it is stored: the poster's rate
limit, the link filter, repeated text and length. Operators are never
limited. Refusals are field errors the form shows next to the field."""
from __future__ import annotations

import datetime
import re

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import ErrorDict

from ckanext.tdpf import clock
from ckanext.tdpf.ops import metrics

from .. import config
from ..access import is_operator, user_of
from ..comments.model import Comment
from ..ratings.model import Rating
from ..requests.model import DataRequest
from ..showcases.model import Showcase
from .model import Report

_ = tk._
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# one character or a short run repeated many times: "aaaaaaaa", "買って買って買って..."
_RUN = re.compile(r"(.{1,4}?)\1{9,}", re.DOTALL)
#: (model, the column holding the poster's text) of every kind of post
_TEXTS = ((Comment, Comment.body), (DataRequest, DataRequest.title),
          (Showcase, Showcase.description))


def _since(hours: int) -> datetime.datetime:
    return clock.db_now() - datetime.timedelta(hours=hours)


def posts_in_last_hour(user_id: str) -> int:
    since = _since(1)
    total = 0
    for table in (Comment, DataRequest, Rating, Showcase, Report):
        total += model.Session.execute(sa.select(sa.func.count()).select_from(table).where(
            table.user_id == user_id, table.created >= since)).scalar() or 0
    return total


def _repeated(user_id: str, text: str) -> bool:
    since = _since(config.repeat_hours())
    for table, column in _TEXTS:
        found = model.Session.execute(sa.select(sa.func.count()).select_from(table).where(
            table.user_id == user_id, table.created >= since,
            sa.func.lower(sa.func.btrim(column)) == text.strip().lower())).scalar()
        if found:
            return True
    return False


def check(context, texts: dict[str, str], *, repeat_field: str | None = None) -> None:
    """Raise NotAuthorized (rate limit) or ValidationError (the fields'
    problems) for a post whose text fields are ``texts``; ``repeat_field``
    names the field that may not repeat an earlier post."""
    user = user_of(context)
    if user is None or is_operator(context):
        return
    limit = config.posts_per_hour()
    if posts_in_last_hour(user.id) >= limit:
        metrics.rate_limit_refused("community_posts")
        raise tk.NotAuthorized(_("You have posted {limit} times in the last hour. "
                                 "Please wait a while before posting again.").format(limit=limit))
    errors: ErrorDict = {}
    for field, text in texts.items():
        if not text:
            continue
        if len(text) > config.max_length():
            errors[field] = [_("Use at most {n} characters.").format(n=config.max_length())]
        elif len(_LINK.findall(text)) > config.max_links():
            errors[field] = [_("Too many links: at most {n} per post.").format(
                n=config.max_links())]
        elif _RUN.search(text):
            errors[field] = [_("Write it without repeating the same characters.")]
    text = texts.get(repeat_field or "", "")
    if repeat_field and text and repeat_field not in errors and _repeated(user.id, text):
        errors[repeat_field] = [_("You have already posted this text. Add to the "
                                  "earlier post instead of repeating it.")]
    if errors:
        raise tk.ValidationError(errors)
