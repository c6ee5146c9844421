"""Telling requesters that data like theirs has appeared: when a public
dataset is created or updated (by a provider or a harvester, through the
actions either way: CKAN's ``action_succeeded`` signal), every open request
whose title matches the dataset's title or one of its tags is answered
with a notice to the requester and the addressed organisation's editors,
once per request and dataset."""
from __future__ import annotations

import logging
import unicodedata

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from .. import access
from ..notices.model import Notice
from ..notices.service import n_, notify, send_pending
from .model import OPEN, DataRequest

log = logging.getLogger(__name__)
WATCHED = ("package_create", "package_update", "package_patch")
_MIN = 2  # shorter words match too much (一文字の「市」)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().replace(" ", "").replace(
        "\u3000", "")


def matches(request_title: str, dataset_title: str, tags: list[str]) -> bool:
    wanted, title = _norm(request_title), _norm(dataset_title)
    if len(wanted) >= _MIN and len(title) >= _MIN and (wanted in title or title in wanted):
        return True
    return any(len(tag) >= _MIN and tag in wanted for tag in map(_norm, tags))


def _told(request_id: str, dataset_id: str) -> bool:
    return bool(model.Session.execute(sa.select(Notice.id).where(
        Notice.params["request_id"].astext == request_id,
        Notice.params["dataset_id"].astext == dataset_id).limit(1)).first())


def match_dataset(pkg_dict: dict) -> list[str]:
    """Notify the open requests matching a public dataset; their ids."""
    if pkg_dict.get("private") or pkg_dict.get("state", "active") != "active" \
            or pkg_dict.get("type", "dataset") != "dataset":
        return []
    tags = [t.get("name", "") for t in pkg_dict.get("tags") or [] if isinstance(t, dict)]
    found = []
    rows = model.Session.execute(sa.select(DataRequest).where(
        DataRequest.status.in_(OPEN), DataRequest.hidden_reason.is_(None))).scalars()
    for row in rows:
        if not matches(row.title, pkg_dict.get("title") or "", tags) \
                or _told(row.id, pkg_dict["id"]):
            continue
        notify([row.user_id, *access.editors_of(row.organization_id)],
               n_("A dataset may answer a data request: {title}"),
               n_("The dataset “{dataset}” was published and looks like the data "
                  "requested in “{title}”."),
               {"title": row.title, "dataset": pkg_dict.get("title") or pkg_dict["name"],
                "request_id": row.id, "dataset_id": pkg_dict["id"]},
               link=f"/datarequest/{row.id}", kind="requests")
        found.append(row.id)
    return found


def on_action(sender, **kwargs) -> None:
    if sender not in WATCHED:
        return
    result, context = kwargs.get("result"), kwargs.get("context") or {}
    if not isinstance(result, dict) or "id" not in result:
        return
    try:
        if match_dataset(result) and not context.get("defer_commit"):
            model.repo.commit()
            send_pending()
    except Exception:  # noqa: BLE001 - the dataset is saved; a failed match must not undo it
        log.exception("tdpf_community: matching requests to %s failed", result.get("id"))
        model.Session.rollback()


def signal_subscriptions() -> dict:
    return {tk.signals.action_succeeded: [on_action]}
