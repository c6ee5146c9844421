"""Field checks the posts of several features share (navl validators):
the e-Gov theme, a short line, a list of datasets."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tdpf.vocab import choices

_ = tk._


def theme(value: Any) -> str:
    if value and value not in {v for v, _ja, _en in choices.THEMES}:
        raise tk.Invalid(_("Choose a theme from the list."))
    return value or ""


def short(value: Any) -> str:
    if len(value) > 200:
        raise tk.Invalid(_("Use at most 200 characters."))
    return value


def dataset_ids(value: Any) -> list[str]:
    """A list of dataset ids or names (a comma-separated string from a form)."""
    if isinstance(value, str):
        value = [v for v in (part.strip() for part in value.replace("\n", ",").split(","))
                 if v]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise tk.Invalid(_("Give a list of dataset ids or names."))
    if len(value) > 50:
        raise tk.Invalid(_("Give at most 50 datasets."))
    return value
