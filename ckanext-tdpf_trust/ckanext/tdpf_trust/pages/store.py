"""Reading and writing page versions: the current version of a page, the
current pages, a draft, a new version."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

# not `from ckan import model`: this package's own .model submodule would
# shadow it
from ckan.model import Session

from ckanext.tdpf import clock

from . import defaults
from .model import ACTIVE, DELETED, DRAFT, DRAFT_VERSION, POLICY, Page

# any constant: with the page name's hash, serialises the writers of one page
_LOCK_KEY = 7_310_021
_CONTENT = ("kind", "title", "body", "event_type", "place", "registration_url")


def _published(name: str) -> Page | None:
    """The newest numbered version (active or taken down)."""
    return Session.execute(sa.select(Page).where(Page.name == name, Page.state != DRAFT)
                           .order_by(Page.version.desc()).limit(1)).scalars().first()


def _draft(name: str) -> Page | None:
    return Session.execute(sa.select(Page).where(
        Page.name == name, Page.state == DRAFT)).scalars().first()


def _next_version(name: str) -> int:
    row = _published(name)
    if row is not None:
        return row.version + 1
    return defaults.DEFAULT_VERSION + 1 if defaults.default(name) else 1


def _published_dict(name: str) -> dict | None:
    row = _published(name)
    if row is None:
        return defaults.default(name)
    return row.as_dict() if row.state == ACTIVE else None


def _draft_dict(row: Page) -> dict:
    """A draft as shown to operators: numbered as it would be published."""
    return row.as_dict() | {"version": _next_version(row.name)}


def current(name: str, *, draft: bool = False) -> dict | None:
    """The page's current version (a policy page's built-in text before any
    is published), None when there is none or it was taken down. With
    ``draft`` (operators), the page's draft when it has one."""
    row = _draft(name) if draft else None
    return _draft_dict(row) if row is not None else _published_dict(name)


def _newest(where) -> dict[str, Page]:
    """The newest row of every page among those matching ``where``."""
    latest = (sa.select(Page).where(where).distinct(Page.name)
              .order_by(Page.name, Page.version.desc()).subquery())
    return {row.name: row for row in Session.execute(sa.select(aliased(Page, latest))).scalars()}


def listing(kind: str | None = None, limit: int = 100, *, drafts: bool = False) -> list[dict]:
    """Current pages: news and events newest first, then the policy pages
    (built-in ones included) in their fixed order. With ``drafts``
    (operators) a page's draft stands for it, with ``published_version``
    (None: not public), and pages that are only drafts are listed."""
    published = _newest(Page.state != DRAFT)
    pending = _newest(Page.state == DRAFT) if drafts else {}
    pages = []
    for name in sorted(set(published) | set(pending) | set(defaults.POLICY_NAMES)):
        row = published.get(name)
        public = (defaults.default(name) if row is None else
                  row.as_dict() if row.state == ACTIVE else None)
        if name in pending:
            pages.append(_draft_dict(pending[name]) | {
                "published_version": public["version"] if public else None})
        elif public is not None:
            pages.append(public)
    if kind is not None:
        pages = [page for page in pages if page["kind"] == kind]
    news = sorted((page for page in pages if page["kind"] != POLICY),
                  key=lambda page: page["created"] or "", reverse=True)
    order = {name: i for i, name in enumerate(defaults.POLICY_NAMES)}
    policies = sorted((page for page in pages if page["kind"] == POLICY),
                      key=lambda page: (order.get(page["name"], len(order)), page["name"]))
    return (news + policies)[:limit]


def news(limit: int) -> list[dict]:
    """The newest public news and events, for the home page."""
    return [page for page in listing() if page["kind"] != POLICY][:limit]


def _lock(name: str) -> None:
    Session.execute(sa.text("SELECT pg_advisory_xact_lock(:k, hashtext(:n))"),
                    {"k": _LOCK_KEY, "n": name})


def save(data: dict, actor: str, *, draft: bool) -> Page:
    """Store ``data`` as the page's draft (replacing an earlier draft), or
    publish it as the next version (the draft, if any, becomes that
    version). Not committed."""
    _lock(data["name"])
    row = _draft(data["name"])
    if row is None:
        row = Page(name=data["name"], version=DRAFT_VERSION)
        Session.add(row)
    for field in _CONTENT:
        setattr(row, field, data.get(field, ""))
    row.event_start = _db_time(data.get("event_start"))
    row.created, row.created_by = clock.db_now(), actor
    if draft:
        row.state = DRAFT
    else:
        row.state, row.version = ACTIVE, _next_version(data["name"])
    Session.flush()
    return row


def take_down(name: str, actor: str) -> Page | None:
    """A new version of the page in state ``deleted`` (not committed); a
    draft stays a draft. None when the page is not public."""
    _lock(name)
    public = _published_dict(name)
    if public is None:
        return None
    row = Page(name=name, version=_next_version(name), kind=public["kind"],
               title=public["title"], body="", state=DELETED, created=clock.db_now(),
               created_by=actor)
    Session.add(row)
    Session.flush()
    return row


def _db_time(value: datetime.datetime | None) -> datetime.datetime | None:
    return clock.to_db(value) if value is not None else None
