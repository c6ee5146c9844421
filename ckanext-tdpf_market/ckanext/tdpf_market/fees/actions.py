"""tdpf_fee_statement_list, tdpf_fee_statement_show, tdpf_fee_correction_create."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import ErrorDict

from .ledger import MONTH, correct, months, statement

__all__ = ["tdpf_fee_statement_list", "tdpf_fee_statement_show",
           "tdpf_fee_correction_create"]


def _whose(data_dict: dict[str, Any]) -> dict[str, str]:
    """``{"member_user_id": id}`` or ``{"organization_id": id}`` from the
    ``user_id`` / ``organization_id`` parameter (id or name)."""
    user_ref, org_ref = data_dict.get("user_id"), data_dict.get("organization_id")
    if bool(user_ref) == bool(org_ref):
        raise tk.ValidationError({"user_id": [tk._(
            "Give either user_id (a member's statement) or organization_id "
            "(a provider's statement)")]})
    if user_ref:
        user = model.User.get(user_ref)
        if user is None:
            raise tk.ObjectNotFound(tk._("User not found"))
        return {"member_user_id": user.id}
    org = model.Group.get(org_ref)
    if org is None or not org.is_organization:
        raise tk.ObjectNotFound(tk._("Organization not found"))
    return {"organization_id": org.id}


@tk.side_effect_free
def tdpf_fee_statement_list(context, data_dict):
    """The months with fee entries of a member or a provider, newest first.

    :param user_id: a member's id or name (their charges), or
    :param organization_id: a provider organisation's id or name (charges
        for its datasets)
    :returns: ``[{"month": "YYYY-MM", "entries": int, "total_yen": int}]``
    """
    whose = _whose(data_dict)
    tk.check_access("tdpf_fee_statement_list", context, whose)
    return months(**whose)


@tk.side_effect_free
def tdpf_fee_statement_show(context, data_dict):
    """One month's statement of a member or a provider.

    :param month: the accounting month, ``YYYY-MM`` (ledger time zone)
    :param user_id: a member's id or name, or
    :param organization_id: a provider organisation's id or name
    :returns: ``{"month", "member_user_id", "organization_id", "entries":
        [ledger entries], "total_yen": int}``
    """
    whose = _whose(data_dict)
    tk.check_access("tdpf_fee_statement_show", context, whose)
    month = str(data_dict.get("month") or "")
    if not MONTH.match(month):
        raise tk.ValidationError({"month": [tk._("Give the month as YYYY-MM, e.g. 2026-04")]})
    return statement(month, **whose)


def tdpf_fee_correction_create(context, data_dict):
    """Correct a ledger entry with a new entry (entries are never changed).
    Operators only.

    :param entry_id: the id of the entry to correct
    :param amount_yen: yen added to what the member owes (negative for a
        refund or a reduction), a non-zero integer
    :param reason: why (shown on the statements)
    :returns: the new correction entry
    """
    tk.check_access("tdpf_fee_correction_create", context, data_dict)
    errors: ErrorDict = {}
    try:
        amount = int(str(data_dict.get("amount_yen", "")).strip())
        if amount == 0:
            raise ValueError
    except ValueError:
        amount = 0
        errors["amount_yen"] = [tk._("Give a whole, non-zero number of yen "
                                     "(negative for a refund)")]
    reason = str(data_dict.get("reason") or "").strip()
    if not reason:
        errors["reason"] = [tk._("Say why the entry is corrected")]
    try:
        entry_id = int(data_dict.get("entry_id"))
    except (TypeError, ValueError):
        raise tk.ValidationError(
            {"entry_id": [tk._("Give the id of the entry to correct")]}) from None
    if errors:
        raise tk.ValidationError(errors)
    entry = correct(entry_id, amount, reason, context.get("user") or "")
    result = entry.as_dict()
    if not context.get("defer_commit"):
        model.Session.commit()
    return result
