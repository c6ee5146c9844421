"""The operators' member page: who is a member, of which type and tier,
and the form that changes a tier (``tdpf_member_update``)."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk

from ckanext.tdpf.messages import error_text

from ..usage.web import call_or_abort

members = Blueprint("tdpf_market_members", __name__)

REFUSAL = "Only operators can list the members."


@members.route("/ckan-admin/market-members")
def index():
    found = call_or_abort("tdpf_member_list", {
        "q": request.args.get("q", ""), "tier": request.args.get("tier", ""),
        "limit": 200}, REFUSAL)
    return tk.render("tdpf_market/members/index.html", {
        "found": found, "q": request.args.get("q", ""), "tier": request.args.get("tier", "")})


@members.route("/ckan-admin/market-members/<id>", methods=["POST"])
def update(id: str):
    try:
        tk.get_action("tdpf_member_update")({}, {
            "id": id, "tier": request.form.get("tier", ""),
            "member_type": request.form.get("member_type", "")})
        tk.h.flash_success(tk._("The member profile was changed."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only operators can change member profiles."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("User not found"))
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e, "; "))
    return tk.redirect_to("tdpf_market_members.index", q=request.args.get("q") or None)


blueprints = [members]
