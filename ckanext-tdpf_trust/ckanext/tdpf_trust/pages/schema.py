"""The parameters of the page actions (navl schemas)."""
from __future__ import annotations

import datetime
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from ckanext.tdpf import clock

from .defaults import POLICY_NAMES
from .model import EVENT, EVENT_TYPES, KINDS, POLICY

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise tk.Invalid(tk._("Use 1-100 lower-case letters, digits, - or _ for the page name"))
    return value


def _kind(value: str) -> str:
    if value not in KINDS:
        raise tk.Invalid(tk._("Must be news, event or policy"))
    return value


def _event_type(value: str) -> str:
    if value and value not in EVENT_TYPES:
        raise tk.Invalid(tk._("Must be study, ideathon, seminar or other"))
    return value


def _required(value: str) -> str:
    if not value:
        raise tk.Invalid(tk._("Give a title"))
    return value


def _url(value: str) -> str:
    if value and not _URL.match(value):
        raise tk.Invalid(tk._("Give a web address starting with http:// or https://"))
    return value


def _time(value: Any) -> datetime.datetime:
    """An ISO date and time; without a time zone it is the site's (Japan)."""
    try:
        parsed = datetime.datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Give the date and time as YYYY-MM-DD HH:MM")) from None
    if parsed.tzinfo:
        return parsed
    zone = clock.display_timezone()
    localize = getattr(zone, "localize", None)  # pytz zones: replace() would give LMT
    return localize(parsed) if localize else parsed.replace(tzinfo=zone)


def _kind_fields(key, data, errors, context) -> None:
    """The platform's policy pages stay policy pages; an event needs its
    date and its type."""
    if data.get(("name",)) in POLICY_NAMES and data.get(("kind",)) != POLICY:
        errors.setdefault(("kind",), []).append(tk._("This page is a policy page"))
    if data.get(("kind",)) != EVENT:
        return
    for field, message in ((("event_start",), tk._("An event needs its date and time")),
                           (("event_type",), tk._("Choose the kind of event"))):
        if not data.get(field):
            errors.setdefault(field, []).append(message)


@tk.validator_args
def page_publish(tdpf_stripped: Validator, tdpf_ignore_empty: Validator,
                 default: ValidatorFactory, tdpf_bool: Validator) -> Schema:
    return {"name": [tdpf_stripped, _name], "kind": [tdpf_stripped, _kind],
            "title": [tdpf_stripped, _required], "body": [default(""), tdpf_stripped],
            "event_type": [default(""), tdpf_stripped, _event_type],
            "event_start": [tdpf_ignore_empty, _time],
            "place": [default(""), tdpf_stripped],
            "registration_url": [default(""), tdpf_stripped, _url],
            "draft": [default(False), tdpf_bool],
            "__after": [_kind_fields]}


@tk.validator_args
def page_delete(tdpf_stripped: Validator) -> Schema:
    return {"name": [tdpf_stripped, _name]}


@tk.validator_args
def page_show(tdpf_stripped: Validator, default: ValidatorFactory,
              tdpf_bool: Validator) -> Schema:
    return {"name": [tdpf_stripped, _name], "draft": [default(False), tdpf_bool]}


@tk.validator_args
def page_list(tdpf_stripped: Validator, tdpf_ignore_empty: Validator,
              default: ValidatorFactory, tdpf_whole_number: ValidatorFactory,
              tdpf_bool: Validator) -> Schema:
    return {"kind": [tdpf_stripped, tdpf_ignore_empty, _kind],
            "limit": [default(100), tdpf_whole_number(1, 1000)],
            "drafts": [default(False), tdpf_bool]}
