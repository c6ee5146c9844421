"""Fee statements: the member themself, the provider's editors and admins,
operators. Corrections: operators only."""
from __future__ import annotations

from ..usage.who import is_provider, is_user, refuse

__all__ = ["tdpf_fee_statement_list", "tdpf_fee_statement_show",
           "tdpf_fee_correction_create"]


def _statement(context, data_dict):
    if data_dict.get("member_user_id") and is_user(context, data_dict["member_user_id"]):
        return {"success": True}
    if data_dict.get("organization_id") and is_provider(context, data_dict["organization_id"]):
        return {"success": True}
    return refuse("Only the member, the provider's editors and operators can see fee statements")


def tdpf_fee_statement_list(context, data_dict):
    return _statement(context, data_dict)


def tdpf_fee_statement_show(context, data_dict):
    return _statement(context, data_dict)


def tdpf_fee_correction_create(context, data_dict):
    return refuse("Only operators can correct the fee ledger")
