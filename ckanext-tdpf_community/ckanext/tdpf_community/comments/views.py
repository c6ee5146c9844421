"""Posting a comment from a dataset or data request page (the form is in
``tdpf_community/snippets/comments.html``)."""
from __future__ import annotations

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk

from .. import web

comments_bp = Blueprint("tdpf_community_comments", __name__)
blueprints = [comments_bp]
_ = tk._


@comments_bp.route("/community/comment", methods=["POST"])
def create():
    refused = web.sign_in_first()
    if refused:
        return refused
    data = web.form()

    def done(row):
        tk.h.flash_success(_("Your comment is posted."))
        target = flask.request.referrer or tk.h.url_for("home.index")
        return flask.redirect(f"{target.split('#')[0]}#comment-{row['id']}")

    return web.submit("tdpf_comment_create", data, done, web.back_with_errors)
