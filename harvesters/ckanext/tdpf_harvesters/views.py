"""Blueprints of the harvesters: the operator's 「確認する」 button of a harvested
dataset's machine-assigned fields (tdpf_harvest_classification_confirm) here,
the overlay (``overlay_views``) and the source form's connection test
(``sources_ui``) beside it."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .overlay_views import overlay_bp
from .sources_ui import sources_bp

confirm = Blueprint("tdpf_harvest_confirm", __name__)


@confirm.route("/dataset/<id>/classification/confirm", methods=["POST"])
def classification_confirm(id: str):
    context: Context = {
        "user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        got = tk.get_action("tdpf_harvest_classification_confirm")(context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to confirm this classification"))
    tk.h.flash_success(tk._("The automatic classification was confirmed."))
    return tk.redirect_to("dataset.read", id=got["id"])


def get_blueprints() -> list[Blueprint]:
    return [confirm, overlay_bp, sources_bp]
