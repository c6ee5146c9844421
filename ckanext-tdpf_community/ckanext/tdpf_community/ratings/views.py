"""Rating a dataset from its page (the form is in
``tdpf_community/snippets/rating.html``)."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from .. import web

ratings_bp = Blueprint("tdpf_community_ratings", __name__)
blueprints = [ratings_bp]
_ = tk._


@ratings_bp.route("/community/rating", methods=["POST"])
def create():
    refused = web.sign_in_first()
    if refused:
        return refused
    return web.submit("tdpf_rating_create", web.form(),
                      lambda _r: web.back(_("Thank you for your rating.")),
                      web.back_with_errors)
