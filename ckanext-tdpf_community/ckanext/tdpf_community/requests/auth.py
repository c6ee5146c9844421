"""Auth of data requests: anyone reads, those signed in post and vote, the
addressed organisation's editors and operators answer."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from .. import access
from .model import DataRequest

__all__ = ["tdpf_datarequest_create", "tdpf_datarequest_show", "tdpf_datarequest_list",
           "tdpf_datarequest_answer", "tdpf_datarequest_vote"]

_ = tk._


def tdpf_datarequest_create(context, data_dict):
    return access.may_post(context)


@tk.auth_allow_anonymous_access
def tdpf_datarequest_show(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def tdpf_datarequest_list(context, data_dict):
    return {"success": True}


def tdpf_datarequest_vote(context, data_dict):
    return access.may_post(context)


def tdpf_datarequest_answer(context, data_dict):
    allowed = access.may_post(context)
    if not allowed["success"]:
        return allowed
    request_id = (data_dict or {}).get("id")
    row = model.Session.get(DataRequest, request_id) if isinstance(request_id, str) else None
    # an unknown id: the action answers 404
    if row is None or access.manages_org(context, row.organization_id):
        return {"success": True}
    return {"success": False,
            "msg": _("Only the editors of the organisation asked may answer this request.")}
