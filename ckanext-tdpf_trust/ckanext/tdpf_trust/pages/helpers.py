"""Template helpers of the pages: the home page's news, an event's kind."""
from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

from ckanext.tdpf import clock

from . import store

__all__ = ["tdpf_trust_event_type_label", "tdpf_trust_news", "tdpf_trust_page_time"]


def tdpf_trust_news(limit: int = 3) -> list[dict]:
    """The newest news and event pages (the home page's お知らせ)."""
    return store.news(limit)


def tdpf_trust_event_type_label(event_type: str) -> str:
    labels = {"study": tk._("Study session"), "ideathon": tk._("Ideathon"),
              "seminar": tk._("Seminar"), "other": tk._("Event")}
    return labels.get(event_type, "")


def local_input(value: str | None) -> str:
    """An ISO time as the editor's ``datetime-local`` field shows it (site time)."""
    if not value:
        return ""
    return clock.local(datetime.datetime.fromisoformat(value)).strftime("%Y-%m-%dT%H:%M")


def tdpf_trust_page_time(value: str | None) -> str:
    """An ISO time of a page (an event's start, a version's date) in the
    site's time zone, as CKAN shows dates."""
    if not value:
        return ""
    return tk.h.render_datetime(clock.local(datetime.datetime.fromisoformat(value)),
                                with_hours=True)
