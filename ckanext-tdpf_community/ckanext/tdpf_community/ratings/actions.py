"""Rating a dataset's usefulness (1–5, optional reason): one rating per
user and dataset, changed by rating again. Only those who may see the
dataset rate it or see its ratings. The dataset is indexed again so the
search's facet and sort follow."""
from __future__ import annotations

import logging

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search

from ckanext.tdpf import clock
from ckanext.tdpf.logic.action_input import validated

from .. import access, posts
from ..moderation.checks import check
from ..notices.service import commit
from . import schema
from .model import Rating
from .summary import of

__all__ = ["tdpf_rating_create", "tdpf_rating_show"]

log = logging.getLogger(__name__)
_ = tk._


def _dataset(context, id_or_name: str) -> model.Package:
    pkg = access.dataset(context, id_or_name)
    if pkg is None:
        raise tk.ObjectNotFound(_("Dataset not found"))
    return pkg


def _summary(context, pkg: model.Package) -> dict:
    average, count = of(pkg.id)
    user = access.user_of(context)
    rows = posts.visible(model.Session.execute(sa.select(Rating).where(
        Rating.package_id == pkg.id).order_by(Rating.modified.desc())).scalars(),
        access.is_operator(context))
    mine = next((r for r in rows if user and r.user_id == user.id), None)
    return {"package_id": pkg.id, "average": average, "count": count,
            "mine": {"score": mine.score, "reason": mine.reason} if mine else None,
            "reasons": [{"id": r.id, "score": r.score, "reason": r.reason, **r.post_fields()}
                        for r in rows if r.reason][:20]}


def tdpf_rating_create(context, data_dict):
    """Rate a dataset's usefulness from 1 to 5 (rating again replaces your
    earlier rating).

    :param package_id: the dataset's id or name
    :param score: 1 (not useful) to 5 (very useful)
    :param reason: why, optional (at most 1000 characters)
    :returns: the dataset's rating: ``{"average", "count", "mine", "reasons"}``
    """
    tk.check_access("tdpf_rating_create", context, data_dict)
    data = validated(data_dict, schema.create(), context)
    pkg = _dataset(context, data["package_id"])
    user = access.poster(context)
    check(context, {"reason": data["reason"]})
    row = model.Session.execute(sa.select(Rating).where(
        Rating.package_id == pkg.id, Rating.user_id == user.id)).scalar_one_or_none()
    if row is None:
        row = Rating(package_id=pkg.id, user_id=user.id)
        model.Session.add(row)
    row.score, row.reason, row.modified = data["score"], data["reason"], clock.db_now()
    commit(context)
    try:
        search.rebuild(pkg.id)
    except search.SearchIndexError:  # the rating is stored; the next index catches up
        log.exception("tdpf_community: indexing %s after a rating failed", pkg.id)
    return _summary(context, pkg)


@tk.side_effect_free
def tdpf_rating_show(context, data_dict):
    """A dataset's rating: the average and count, the caller's own rating
    and the latest reasons given.

    :param package_id: the dataset's id or name
    :returns: ``{"package_id", "average", "count", "mine", "reasons"}``
    """
    tk.check_access("tdpf_rating_show", context, data_dict)
    data = validated(data_dict, schema.show(), context)
    return _summary(context, _dataset(context, data["package_id"]))
