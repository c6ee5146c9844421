"""Shared by the market's report pages: calling an action on behalf of the
request (errors become 400/403/404 pages). CSV downloads use the bundle's
writer, :mod:`ckanext.tdpf.csvexport`."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tdpf.messages import error_text


def call_or_abort(action: str, data_dict: dict[str, Any], refusal: str) -> Any:
    """``refusal`` (a msgid) is the 403 message."""
    try:
        return tk.get_action(action)({}, data_dict)
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e.message or "") or tk._("Not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._(refusal))
    except tk.ValidationError as e:
        return tk.abort(400, error_text(e, "; "))
