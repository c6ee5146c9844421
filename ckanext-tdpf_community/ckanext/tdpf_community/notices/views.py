"""The dashboard's お知らせ tab: a user's notifications, marked read when
they have been shown, and the mail setting."""
from __future__ import annotations

from typing import Any

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from .. import web
from .model import KINDS

notices_bp = Blueprint("tdpf_community_notices", __name__)
blueprints = [notices_bp]
_ = tk._


@notices_bp.route("/dashboard/notices")
def index():
    refused = web.sign_in_first()
    if refused:
        return refused
    result = tk.get_action("tdpf_notice_list")(web.context(), {})
    # shown once: marked read, still listed (unread ones stay highlighted on this view)
    if result["unread"]:
        tk.get_action("tdpf_notice_mark_read")(
            web.context(), {"ids": [n["id"] for n in result["results"] if not n["read"]]})
    # what CKAN's dashboard pages give their templates (user/edit_base.html)
    from ckan.views.dashboard import _extra_template_variables
    extra = _extra_template_variables({"for_view": True, **web.context()},
                                      {"user_obj": current_user})
    return tk.render("tdpf_community/notices/index.html", {**extra, "result": result,
                                                            "kinds": KINDS})


@notices_bp.route("/dashboard/notices/setting", methods=["POST"])
def setting():
    refused = web.sign_in_first()
    if refused:
        return refused
    data: dict[str, Any] = {"mail": flask.request.form.get("mail", "false")}
    if flask.request.form.get("kinds_form"):  # the per-kind form (unticked boxes send nothing)
        data["mail_kinds"] = flask.request.form.getlist("mail_kinds")
    return web.submit("tdpf_notice_setting_update", data,
                      lambda _r: web.back(_("Your setting is saved.")),
                      lambda e: (web.flash_errors(e), web.back())[1])
