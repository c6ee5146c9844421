"""``/dataset/<id>/policy.jsonld``: the dataset's ODRL offer as JSON-LD.

Visible to whoever may see the dataset (package_show decides); a private
dataset answers 404 to others, as its page does, so its existence is not
revealed."""
from __future__ import annotations

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ..dcat import odrl

tdpf_dcat_policy = Blueprint("tdpf_dcat_policy", __name__)


def policy(id: str) -> Response:
    try:
        pkg = tk.get_action("package_show")({}, {"id": id})  # as the current user
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset not found"))
    return Response(odrl.policy_jsonld(pkg), mimetype="application/ld+json")


tdpf_dcat_policy.add_url_rule("/dataset/<id>/policy.jsonld", view_func=policy)
