"""Page versions (migration 0005). A page is the rows sharing a ``name``;
the published one with the highest ``version`` is current, and ``state``
``deleted`` on it takes the page down (its history stays). A page has at
most one draft (``state`` ``draft``), kept at ``version`` 0 until it is
published and numbered; only operators see it."""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ckanext.tdpf import clock

NEWS, EVENT, POLICY = "news", "event", "policy"
KINDS = (NEWS, EVENT, POLICY)
EVENT_TYPES = ("study", "ideathon", "seminar", "other")
DRAFT, ACTIVE, DELETED = "draft", "active", "deleted"
#: the version a draft is stored at (the unique name+version: one draft a page)
DRAFT_VERSION = 0


class Page(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_trust_page"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.UnicodeText)
    version: Mapped[int] = mapped_column(sa.Integer)
    kind: Mapped[str] = mapped_column(sa.UnicodeText)
    title: Mapped[str] = mapped_column(sa.UnicodeText)
    body: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    event_type: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    event_start: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    place: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    registration_url: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    state: Mapped[str] = mapped_column(sa.UnicodeText, default="active")
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime)
    created_by: Mapped[str] = mapped_column(sa.UnicodeText, default="")

    def as_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "kind": self.kind,
                "title": self.title, "body": self.body, "event_type": self.event_type,
                "event_start": _iso(self.event_start),
                "place": self.place, "registration_url": self.registration_url,
                "state": self.state, "created": _iso(self.created),
                "draft": self.state == DRAFT, "builtin": False}


def _iso(value: datetime.datetime | None) -> str | None:
    """A stored naive UTC time as aware ISO 8601."""
    aware = clock.from_db(value)
    return aware.isoformat() if aware else None
