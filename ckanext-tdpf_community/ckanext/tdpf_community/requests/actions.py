"""Data requests (データリクエスト): anyone signed in asks for data, the
addressed organisation (or an operator) answers, everyone votes and
comments. The board is public; hidden requests only operators see."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import ErrorDict

from ckanext.tdpf import clock
from ckanext.tdpf.logic.action_input import validated

from .. import access, posts
from ..moderation.checks import check
from ..notices.service import commit, n_, notify
from . import schema
from .dictize import as_dict, voters, votes_of
from .model import STATUS_LABELS, DataRequest, Vote

__all__ = ["tdpf_datarequest_create", "tdpf_datarequest_show", "tdpf_datarequest_list",
           "tdpf_datarequest_answer", "tdpf_datarequest_vote"]

_ = tk._


def _get(context, request_id: str) -> DataRequest:
    row = model.Session.get(DataRequest, request_id)
    if row is None or not posts.shown(row, access.is_operator(context)):
        raise tk.ObjectNotFound(_("Data request not found"))
    return row


def _link(row: DataRequest) -> str:
    return f"/datarequest/{row.id}"


def tdpf_datarequest_create(context, data_dict):
    """Ask for data that is not published yet. The addressed organisation's
    editors are notified.

    :param title: what data is wanted (at most 200 characters)
    :param purpose: why: what it would be used for
    :param area: which area (e.g. 千代田区), optional
    :param period: which period (e.g. 2020年〜2024年), optional
    :param description: more detail, optional
    :param theme: one of the 17 e-Gov themes (e.g. ``population``), optional
    :param organization_id: the organisation asked (id or name), optional
    :returns: the request
    """
    tk.check_access("tdpf_datarequest_create", context, data_dict)
    data = validated(data_dict, schema.create(), context)
    org = None
    if data.get("organization_id"):
        org = access.organization(data["organization_id"])
        if org is None:
            raise tk.ValidationError({"organization_id": [_("No such organisation.")]})
    check(context, {"title": data["title"], "purpose": data["purpose"],
                    "description": data["description"]}, repeat_field="title")
    user = access.poster(context)
    row = DataRequest(title=data["title"], purpose=data["purpose"], area=data["area"],
                      period=data["period"], description=data["description"],
                      theme=data["theme"], organization_id=org.id if org else None,
                      user_id=user.id, status="received", datasets=[])
    model.Session.add(row)
    model.Session.flush()
    if org is not None:
        notify(access.editors_of(org.id), n_("New data request: {title}"),
               n_("{user} asked {organization} for data: {title}\nPurpose: {purpose}"),
               {"title": row.title, "user": user.display_name,
                "organization": org.display_name, "purpose": row.purpose},
               link=_link(row), exclude=user.id, kind="requests")
    commit(context)
    return as_dict(row, context, votes=0)


@tk.side_effect_free
def tdpf_datarequest_show(context, data_dict):
    """One data request with its votes and the datasets that fulfil it.

    :param id: the request id
    :returns: the request
    """
    tk.check_access("tdpf_datarequest_show", context, data_dict)
    data = validated(data_dict, schema.one(), context)
    return as_dict(_get(context, data["id"]), context)


def _filtered(context, data: dict[str, Any]):
    query = sa.select(DataRequest)
    if not access.is_operator(context):
        query = query.where(DataRequest.hidden_reason.is_(None))
        # suspended posters' requests are neither listed nor counted
        posters = model.Session.execute(sa.select(DataRequest.user_id).where(
            DataRequest.hidden_reason.is_(None)).distinct()).scalars()
        suspended = posts.refused(posters)
        if suspended:
            query = query.where(DataRequest.user_id.notin_(suspended))
    if data.get("q"):
        like = "%" + data["q"].replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(sa.or_(DataRequest.title.ilike(like),
                                   DataRequest.purpose.ilike(like),
                                   DataRequest.description.ilike(like),
                                   DataRequest.area.ilike(like)))
    if data.get("organization"):
        org = access.organization(data["organization"])
        query = query.where(DataRequest.organization_id == (org.id if org else ""))
    if data.get("theme"):
        query = query.where(DataRequest.theme == data["theme"])
    return query


def _facets(query) -> dict[str, dict[str, int]]:
    sub = query.subquery()
    out: dict[str, dict[str, int]] = {}
    for field in ("status", "organization_id", "theme"):
        column = sub.c[field]
        rows = model.Session.execute(sa.select(column, sa.func.count()).where(
            column.isnot(None), column != "").group_by(column))
        out[field] = dict(rows.tuples().all())
    return out


@tk.side_effect_free
def tdpf_datarequest_list(context, data_dict):
    """Search the data request board, with counts per status, organisation
    and theme (of the requests matching the other filters).

    :param q: words in the title, purpose, description or area, optional
    :param status: received (受付), considering (検討中), published (公開済み)
        or declined (対応不可), optional
    :param organization: the addressed organisation (id or name), optional
    :param theme: an e-Gov theme value, optional
    :param sort: ``newest`` (default) or ``votes``
    :param offset: how many to skip (default 0)
    :param limit: how many to return (default 20, at most 100)
    :returns: ``{"count", "results", "facets"}``
    """
    tk.check_access("tdpf_datarequest_list", context, data_dict)
    data = validated(data_dict, schema.search(), context)
    query = _filtered(context, data)
    facets = _facets(query)
    if data.get("status"):
        query = query.where(DataRequest.status == data["status"])
    count = model.Session.execute(sa.select(sa.func.count()).select_from(
        query.subquery())).scalar() or 0
    if data["sort"] == "votes":
        votes = sa.select(sa.func.count()).where(
            Vote.request_id == DataRequest.id).scalar_subquery()
        query = query.order_by(votes.desc(), DataRequest.created.desc())
    else:
        query = query.order_by(DataRequest.created.desc())
    rows = [row for row in model.Session.execute(
        query.offset(data["offset"]).limit(data["limit"])).scalars()
        if posts.shown(row, access.is_operator(context))]
    counts = votes_of([row.id for row in rows])
    orgs = {org_id: access.organization(org_id) for org_id in facets["organization_id"]}
    facets["organization"] = {org.name: facets["organization_id"][org_id]
                              for org_id, org in orgs.items() if org is not None}
    del facets["organization_id"]
    return {"count": count, "facets": facets,
            "results": [as_dict(row, context, votes=counts.get(row.id, 0)) for row in rows]}


def tdpf_datarequest_answer(context, data_dict):
    """The addressed organisation's editors (or an operator) answer: move the
    request to 検討中, close it as published with the datasets that fulfil it
    (everyone who voted is notified), or decline it with a reason.

    :param id: the request id
    :param status: considering, published or declined (received reopens it)
    :param reason: why it is declined (required for declined), or a note
    :param datasets: ids or names of the datasets that fulfil it (required
        for published)
    :returns: the request
    """
    tk.check_access("tdpf_datarequest_answer", context, data_dict)
    data = validated(data_dict, schema.answer(), context)
    row = _get(context, data["id"])
    errors: ErrorDict = {}
    if data["status"] == "declined" and not data["reason"]:
        errors["reason"] = [_("Say why the request cannot be met.")]
    found = [access.dataset(context, name) for name in data["datasets"]]
    if data["status"] == "published":
        if not data["datasets"]:
            errors["datasets"] = [_("Name the datasets that fulfil the request.")]
        elif any(pkg is None for pkg in found):
            missing = [name for name, pkg in zip(data["datasets"], found, strict=True)
                       if pkg is None]
            errors["datasets"] = [_("No such dataset: {names}").format(names=", ".join(missing))]
        elif any(pkg is not None and pkg.private for pkg in found):
            # the voters are told the datasets: only public ones fulfil a request
            private = [pkg.name for pkg in found if pkg is not None and pkg.private]
            errors["datasets"] = [_("Publish the dataset first: {names}").format(
                names=", ".join(private))]
    if errors:
        raise tk.ValidationError(errors)
    user = access.poster(context)
    row.status, row.reason, row.modified = data["status"], data["reason"], clock.db_now()
    if data["status"] == "published":
        row.datasets = list(dict.fromkeys(pkg.id for pkg in found if pkg is not None))
    params = {"title": row.title, "status_label": STATUS_LABELS[data["status"]],
              "reason": row.reason}
    recipients = [row.user_id]
    if data["status"] == "published":
        recipients += voters(row.id)
        params["datasets"] = ", ".join(pkg.title or pkg.name for pkg in found if pkg)
        notify(recipients, n_("The data you asked for is published: {title}"),
               n_("The data request “{title}” is closed as published.\n"
                  "Datasets: {datasets}\n{reason}"), params, link=_link(row), exclude=user.id,
               kind="requests")
    else:
        notify(recipients, n_("Your data request was answered: {title}"),
               n_("The data request “{title}” is now: {status_label}\n{reason}"), params,
               link=_link(row), exclude=user.id, kind="requests")
    commit(context)
    return as_dict(row, context)


def tdpf_datarequest_vote(context, data_dict):
    """"+1 私も欲しい": say you want the same data (or take the vote back).

    :param id: the request id
    :param vote: true to vote (default), false to take the vote back
    :returns: ``{"id", "votes", "voted"}``
    """
    tk.check_access("tdpf_datarequest_vote", context, data_dict)
    data = validated(data_dict, schema.vote(), context)
    row = _get(context, data["id"])
    user = access.poster(context)
    existing = model.Session.get(Vote, (row.id, user.id))
    if data["vote"] and existing is None:
        model.Session.add(Vote(request_id=row.id, user_id=user.id))
    elif not data["vote"] and existing is not None:
        model.Session.delete(existing)
    commit(context)
    return {"id": row.id, "votes": votes_of([row.id]).get(row.id, 0), "voted": data["vote"]}

