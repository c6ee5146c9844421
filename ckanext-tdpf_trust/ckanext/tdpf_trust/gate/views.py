"""The organisation's bulk page: CKAN's view lets bulk_update_public's
ValidationError through (a 500 page); show the gate's refusal instead."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk

gate = Blueprint("tdpf_gate", __name__)


@gate.app_errorhandler(tk.ValidationError)
def bulk_refusal(error: tk.ValidationError):
    if not (request.endpoint or "").endswith("bulk_process"):
        raise error  # as before: not ours to handle
    for name, messages in (error.error_dict or {}).items():
        for message in messages if isinstance(messages, list) else [messages]:
            tk.h.flash_error(f"{name}: {message}")
    return tk.redirect_to(request.endpoint, id=(request.view_args or {}).get("id"))


blueprints = [gate]
