"""The operators' page of the file pipeline (/ckan-admin/files): files per
state, the depth of its queue, the files waiting longest, the latest
problems and analyser errors, and the state of each resource (filtered by
state). Operators only: messages name hosts and paths of every provider."""
from __future__ import annotations

import flask

import ckan.plugins.toolkit as tk

from .model import STATES

tdpf_files = flask.Blueprint("tdpf_files", __name__)

PAGE_SIZE = 50


def page():
    from . import queue
    try:
        tk.check_access("tdpf_files_status",
                        {"user": getattr(tk.current_user, "name", "") or ""}, {})
    except tk.NotAuthorized as err:
        tk.abort(403, str(err))
    state = tk.request.args.get("state", "").strip()
    if state and state not in STATES:
        tk.abort(400, tk._("Unknown state: {state}").format(state=state))
    try:
        offset = max(0, int(tk.request.args.get("offset", "0") or 0))
    except ValueError:
        tk.abort(400, tk._("offset must be a whole number"))
    return tk.render("tdpf/files/status.html", {
        "status": queue.status(), "depth": queue.depth(), "states": STATES,
        "state": state, "offset": offset, "page_size": PAGE_SIZE,
        "resources": queue.resources(state or None, limit=PAGE_SIZE, offset=offset)})


tdpf_files.add_url_rule("/ckan-admin/files", view_func=page)
