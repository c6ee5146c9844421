"""Use-case showcases (活用事例): anyone signed in submits one (pending),
an operator approves or rejects it; only approved ones are public. A
pending or rejected showcase is seen by its submitter and operators only.
A showcase lists only the datasets the reader may see, and the showcases
of a dataset are found only by those who may see the dataset."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import audit, clock
from ckanext.tdpf.logic.action_input import validated

from .. import access, posts
from ..moderation.checks import check
from ..notices.service import commit, n_, notify
from . import images, schema
from .dictize import as_dict
from .model import STATE_LABELS, Showcase

__all__ = ["tdpf_showcase_create", "tdpf_showcase_update", "tdpf_showcase_show",
           "tdpf_showcase_list", "tdpf_showcase_approve", "tdpf_showcase_reject",
           "tdpf_showcase_delete"]

_ = tk._


def may_see(context, row: Showcase) -> bool:
    """Operators see every showcase; the submitter their own (unless
    hidden); everyone else approved ones not hidden."""
    if access.is_operator(context):
        return True
    if not posts.shown(row, False):
        return False
    user = access.user_of(context)
    return row.state == "approved" or (user is not None and user.id == row.user_id)


def get(context, showcase_id: str) -> Showcase:
    row = model.Session.get(Showcase, showcase_id) if isinstance(showcase_id, str) else None
    if row is None or not may_see(context, row):
        raise tk.ObjectNotFound(_("Showcase not found"))
    return row


def _link(row: Showcase) -> str:
    return f"/showcase/{row.id}"


def _datasets(context, names: list[str]) -> list[str]:
    """The ids of the datasets named, each one the caller may see."""
    if not names:
        raise tk.ValidationError({"datasets": [_("Name the datasets the showcase uses.")]})
    found = [access.dataset(context, name) for name in names]
    missing = [name for name, pkg in zip(names, found, strict=True) if pkg is None]
    if missing:
        raise tk.ValidationError({"datasets": [_("No such dataset: {names}").format(
            names=", ".join(missing))]})
    return list(dict.fromkeys(pkg.id for pkg in found if pkg is not None))


def _fields(context, data_dict: dict[str, Any], old: Showcase | None) -> dict[str, Any]:
    """The validated fields, the image upload taken through CKAN's uploader
    (stored only once the showcase is: ``images.store``)."""
    data_dict = dict(data_dict or {})
    upload = images.prepare(data_dict, old.image_url if old else None)
    data = validated(data_dict, schema.create(), context)
    data["image_url"] = images.checked_value(upload, data["image_url"],
                                             old.image_url if old else None)
    data["datasets"] = _datasets(context, data["datasets"])
    # a change may keep its own description: only a new showcase may not repeat one
    check(context, {"title": data["title"], "description": data["description"]},
          repeat_field=None if old else "description")
    data["_upload"] = upload
    return data


def _notify_operators(row: Showcase, user: model.User) -> None:
    notify(access.operators(), n_("A showcase awaits approval: {title}"),
           n_("{user} submitted the showcase “{title}”. Approve it or reject it "
              "with a reason."), {"title": row.title, "user": user.display_name},
           link=_link(row), exclude=user.id, kind="showcases")


def tdpf_showcase_create(context, data_dict):
    """Submit a use-case showcase (活用事例). It is public once an operator
    approves it; until then only you and the operators see it.

    :param title: its title (at most 200 characters)
    :param description: what was made and how the data is used (Markdown)
    :param author: the organisation or person behind it
    :param datasets: ids or names of the datasets it uses (at least one)
    :param url: a link to it (http:// or https://), optional
    :param image_url: an image's web address, optional
    :param image_upload: an image file (PNG, JPEG, GIF or WebP) instead, optional
    :param theme: one of the 17 e-Gov themes, optional
    :returns: the showcase
    """
    tk.check_access("tdpf_showcase_create", context, data_dict)
    data = _fields(context, data_dict, None)
    user = access.poster(context)
    row = Showcase(title=data["title"], description=data["description"], url=data["url"],
                   image_url=data["image_url"], author=data["author"], theme=data["theme"],
                   datasets=data["datasets"], user_id=user.id,
                   state="approved" if user.sysadmin else "pending")
    if user.sysadmin:
        row.decided_by, row.decided_at = user.id, clock.db_now()
    model.Session.add(row)
    model.Session.flush()
    images.store(data["_upload"])
    if row.state == "pending":
        _notify_operators(row, user)
    commit(context)
    return as_dict(row, context)


def tdpf_showcase_update(context, data_dict):
    """Change a showcase (its submitter or an operator). Fields left out
    keep their value. A submitter's change of an approved showcase puts it
    back in the operators' hands (pending) until they approve it again.

    :param id: the showcase id
    :param title: as for ``tdpf_showcase_create``, optional
    :param description: optional
    :param author: optional
    :param datasets: optional
    :param url: optional
    :param image_url: optional
    :param image_upload: optional
    :param theme: optional
    :param clear_upload: true to remove an uploaded image
    :returns: the showcase
    """
    tk.check_access("tdpf_showcase_update", context, data_dict)
    ident = validated({"id": (data_dict or {}).get("id")}, schema.one(), context)
    row = get(context, ident["id"])
    current = {"title": row.title, "description": row.description, "url": row.url,
               "image_url": row.image_url, "author": row.author, "theme": row.theme,
               "datasets": list(row.datasets or [])}
    given = {k: v for k, v in (data_dict or {}).items() if k != "id"}
    data = _fields(context, {**current, **given}, row)
    user = access.poster(context)
    for field in ("title", "description", "url", "image_url", "author", "theme", "datasets"):
        setattr(row, field, data[field])
    row.modified = clock.db_now()
    if not user.sysadmin and row.state != "pending":
        row.state, row.decided_by, row.decided_at = "pending", None, None
        _notify_operators(row, user)
    model.Session.flush()
    images.store(data["_upload"])
    commit(context)
    return as_dict(row, context)


@tk.side_effect_free
def tdpf_showcase_show(context, data_dict):
    """One showcase with the datasets it uses (those you may see).

    :param id: the showcase id
    :returns: the showcase
    """
    tk.check_access("tdpf_showcase_show", context, data_dict)
    data = validated(data_dict, schema.one(), context)
    return as_dict(get(context, data["id"]), context)


def _filtered(context, data: dict[str, Any]):
    query = sa.select(Showcase)
    operator = access.is_operator(context)
    user = access.user_of(context)
    if data["mine"]:
        query = query.where(Showcase.user_id == (user.id if user else ""))
    if not operator:
        query = query.where(Showcase.hidden_reason.is_(None))
        if not data["mine"]:
            query = query.where(Showcase.state == "approved")
        posters = model.Session.execute(sa.select(Showcase.user_id).distinct()).scalars()
        suspended = posts.refused(posters)
        if suspended:
            query = query.where(Showcase.user_id.notin_(suspended))
    if data.get("q"):
        like = "%" + data["q"].replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(sa.or_(Showcase.title.ilike(like),
                                   Showcase.description.ilike(like),
                                   Showcase.author.ilike(like)))
    if data.get("dataset"):
        pkg = access.dataset(context, data["dataset"])
        if pkg is None:  # unknown, or not the caller's to see: the same answer
            raise tk.ObjectNotFound(_("Dataset not found"))
        query = query.where(Showcase.datasets.contains([pkg.id]))
    if data.get("state"):
        query = query.where(Showcase.state == data["state"])
    return query


@tk.side_effect_free
def tdpf_showcase_list(context, data_dict):
    """Search the public showcases, newest first, with counts per theme.
    Operators see every state (``state`` filters); ``mine`` lists your own
    submissions in every state.

    :param q: words in the title, description or author, optional
    :param theme: an e-Gov theme value, optional
    :param dataset: only the showcases using this dataset (id or name), optional
    :param state: pending, approved or rejected (operators), optional
    :param mine: true for your own showcases only (default false)
    :param offset: how many to skip (default 0)
    :param limit: how many to return (default 20, at most 100)
    :returns: ``{"count", "results", "facets"}``
    """
    tk.check_access("tdpf_showcase_list", context, data_dict)
    data = validated(data_dict, schema.search(), context)
    query = _filtered(context, data)
    sub = query.subquery()
    themes = model.Session.execute(sa.select(sub.c.theme, sa.func.count()).where(
        sub.c.theme.isnot(None), sub.c.theme != "").group_by(sub.c.theme)).tuples().all()
    if data.get("theme"):
        query = query.where(Showcase.theme == data["theme"])
    count = model.Session.execute(sa.select(sa.func.count()).select_from(
        query.subquery())).scalar() or 0
    rows = model.Session.execute(query.order_by(
        Showcase.decided_at.desc().nulls_last(), Showcase.created.desc()).offset(
        data["offset"]).limit(data["limit"])).scalars()
    return {"count": count, "facets": {"theme": dict(themes)},
            "results": [as_dict(row, context) for row in rows]}


def _decide(context, data_dict, state: str) -> Showcase:
    data = validated(data_dict, schema.decide(), context)
    if state == "rejected" and not data["reason"]:
        raise tk.ValidationError({"reason": [_("Say why the showcase is not approved.")]})
    row = get(context, data["id"])
    user = access.poster(context)
    row.state, row.reason = state, data["reason"] or None
    row.decided_by, row.decided_at = user.id, clock.db_now()
    audit.record(f"community.showcase_{state}", actor=user.id, object_type="showcase",
                 object_id=row.id, detail={"title": row.title, "reason": data["reason"]})
    notify([row.user_id], n_("Your showcase: {title}"),
           n_("The showcase “{title}” is now: {state_label}\n{reason}"),
           {"title": row.title, "state_label": STATE_LABELS[state], "reason": data["reason"]},
           link=_link(row), exclude=user.id, kind="showcases")
    commit(context)
    return row


def tdpf_showcase_approve(context, data_dict):
    """Approve a showcase (operators): it becomes public, on its datasets'
    pages and the home page. The submitter is told.

    :param id: the showcase id
    :param reason: a note to the submitter, optional
    :returns: the showcase
    """
    tk.check_access("tdpf_showcase_approve", context, data_dict)
    return as_dict(_decide(context, data_dict, "approved"), context)


def tdpf_showcase_reject(context, data_dict):
    """Reject a showcase (operators) with the reason its submitter is told;
    it stays visible to them only (they may change it and submit again).

    :param id: the showcase id
    :param reason: why it is not approved
    :returns: the showcase
    """
    tk.check_access("tdpf_showcase_reject", context, data_dict)
    return as_dict(_decide(context, data_dict, "rejected"), context)


def tdpf_showcase_delete(context, data_dict):
    """Delete a showcase (its submitter or an operator), with its uploaded image.

    :param id: the showcase id
    :returns: ``{"id", "deleted"}``
    """
    tk.check_access("tdpf_showcase_delete", context, data_dict)
    data = validated(data_dict, schema.one(), context)
    row = get(context, data["id"])
    image = row.image_url
    model.Session.delete(row)
    commit(context)
    images.remove(image)
    return {"id": data["id"], "deleted": True}
