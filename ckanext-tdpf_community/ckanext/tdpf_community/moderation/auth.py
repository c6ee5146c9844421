"""Auth of moderation: those signed in (and not suspended) report, only
operators hide and read the queue."""
from __future__ import annotations

from .. import access

__all__ = ["tdpf_community_report_create", "tdpf_community_hide",
           "tdpf_community_report_list", "tdpf_community_queue",
           "tdpf_community_queue_reviewed"]


def tdpf_community_report_create(context, data_dict):
    return access.may_post(context)


def tdpf_community_hide(context, data_dict):
    return access.operator_only(context)


def tdpf_community_report_list(context, data_dict):
    return access.operator_only(context)


def tdpf_community_queue(context, data_dict):
    return access.operator_only(context)


def tdpf_community_queue_reviewed(context, data_dict):
    return access.operator_only(context)
