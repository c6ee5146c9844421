"""Checks and derived CADDE keys of the usage conditions, run before the
core dataset actions store them (``actions.package_create/update``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import ErrorDict

from ckanext.tdpf.vocab.lists import as_list

from . import GATED, NO_LIMIT, price_text

_ = tk._


def _amount(value: Any, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    try:
        amount = int(str(value).replace(",", ""))
    except ValueError:
        errors["fee_amount"] = [_("Enter the fee as a whole number of yen, e.g. 5000.")]
        return None
    if amount < 0:
        errors["fee_amount"] = [_("The fee cannot be negative.")]
    return amount


def _level(data: dict[str, Any]) -> str | None:
    """The access level given, None when no market conditions are."""
    level = data.get("access_level") or None
    if level is None and data.get("fee") == "有償":
        # 有償 alone makes paid data (conditions.access_level): the ledger
        # needs its price as a number, not only the CADDE price text
        return "paid"
    return level


def check(data: dict[str, Any]) -> None:
    """Raise ValidationError for conditions that contradict each other;
    fill ``fee`` and ``pricing_price_range`` from the level and amount."""
    level = _level(data)
    if level is None:
        return  # no market conditions given: the CADDE keys speak alone
    errors: ErrorDict = {}
    amount = _amount(data.get("fee_amount"), errors)
    if level == "paid":
        if not errors and not amount:
            errors["fee_amount"] = [_("Paid data needs a fee of at least 1 yen.")]
        if not data.get("fee_unit"):
            errors["fee_unit"] = [_("Choose how the fee is charged (one-off, per "
                                    "month, per year or per download).")]
    elif amount:
        errors["fee_amount"] = [_("A fee can only be set when the access level is Paid.")]
    purposes = as_list(data.get("trading_policy_use_application"))
    if NO_LIMIT in purposes and len(purposes) > 1:
        errors["trading_policy_use_application"] = [
            _("\"制限なし\" (no restriction) cannot be combined with other purposes.")]
    if data.get("approval_mode") == "auto" and level not in GATED:
        errors["approval_mode"] = [
            _("Automatic approval only applies to conditional or paid data.")]
    if errors:
        raise tk.ValidationError(errors)
    data["fee"] = "有償" if level == "paid" else "無償"
    if level == "paid" and not data.get("pricing_price_range"):
        data["pricing_price_range"] = price_text(amount, data.get("fee_unit"))
