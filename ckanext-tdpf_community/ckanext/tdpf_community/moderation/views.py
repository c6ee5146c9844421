"""Reporting a post from its page, and the operators' queue
(``/community/moderation``): the open reports and the posts new since the
operator's last review, where they hide a post with a reason or approve a
showcase."""
from __future__ import annotations

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk

from .. import access, web

moderation_bp = Blueprint("tdpf_community_moderation", __name__)
blueprints = [moderation_bp]
_ = tk._


def _failed(errors):
    web.flash_errors(errors)
    return web.back()


@moderation_bp.route("/community/report", methods=["POST"])
def report():
    refused = web.sign_in_first()
    if refused:
        return refused
    return web.submit("tdpf_community_report_create", web.form(),
                      lambda _r: web.back(_("Thank you. An operator will look at it.")),
                      _failed)


@moderation_bp.route("/community/moderation")
def queue():
    refused = web.sign_in_first()
    if refused:
        return refused
    if not access.is_operator(web.context()):
        return tk.abort(403, _("Only operators may do this."))
    resolved = flask.request.args.get("resolved") == "true"
    if resolved:
        result = tk.get_action("tdpf_community_report_list")(web.context(), {"resolved": True})
        queue_ = None
    else:
        queue_ = tk.get_action("tdpf_community_queue")(web.context(), {})
        result = queue_["reports"]
    return tk.render("tdpf_community/moderation/queue.html",
                     {"result": result, "resolved": resolved, "queue": queue_})


@moderation_bp.route("/community/moderation/reviewed", methods=["POST"])
def reviewed():
    refused = web.sign_in_first()
    if refused:
        return refused
    return web.submit("tdpf_community_queue_reviewed", {},
                      lambda _r: web.back(_("The new posts are marked reviewed.")), _failed)


@moderation_bp.route("/community/hide", methods=["POST"])
def hide():
    refused = web.sign_in_first()
    if refused:
        return refused
    return web.submit("tdpf_community_hide", web.form(),
                      lambda r: web.back(_("The post is hidden.") if r["hidden"]
                                         else _("The post is shown again.")), _failed)
