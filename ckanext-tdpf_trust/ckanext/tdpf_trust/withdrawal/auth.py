"""Providers (editors and admins of the dataset's organisation) schedule
and cancel; everyone else is refused, suspended users too."""
from __future__ import annotations

from ckan.types import Context, DataDict

from ..warranty.auth import provider_refusal

__all__ = ["tdpf_withdrawal_schedule", "tdpf_withdrawal_cancel"]


def tdpf_withdrawal_schedule(context: Context, data_dict: DataDict) -> dict:
    return provider_refusal(context, data_dict.get("owner_org")) or {"success": True}


def tdpf_withdrawal_cancel(context: Context, data_dict: DataDict) -> dict:
    return provider_refusal(context, data_dict.get("owner_org")) or {"success": True}
