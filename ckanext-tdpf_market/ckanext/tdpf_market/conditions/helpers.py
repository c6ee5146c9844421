"""Template helpers: the conditions of a dataset in plain words."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tdpf.facets import current_lang
from ckanext.tdpf.vocab import choices

from . import is_gated, of, period_text, price_text

__all__ = ["tdpf_market_conditions_summary", "tdpf_market_conditions_rows"]

_ = tk._


def _labels(vocab: str, values: list[str], lang: str) -> str:
    sep = "、" if lang == "ja" else ", "
    return sep.join(choices.label(vocab, v, lang) for v in values)


def _paid_sentence(pkg: dict[str, Any], c: dict[str, Any], lang: str) -> str:
    """Never "the fee is ." : a dataset stored before its price was required
    may have only the CADDE price text, or nothing."""
    price = price_text(c["fee_amount"], c["fee_unit"], lang) or pkg.get("pricing_price_range")
    if price:
        return _("This data is paid: request access; the fee is {price}.").format(price=price)
    return _("This data is paid: request access; ask the provider for the fee.")


def tdpf_market_conditions_summary(pkg: dict[str, Any]) -> list[str]:
    """Plain sentences describing what a user must do and may do."""
    c, lang = of(pkg), current_lang()
    sep = "、" if lang == "ja" else ", "
    if c["access_level"] == "open":
        out = [_("This data is open: anyone may download it under its licence.")]
        if any(is_gated(pkg, res) for res in pkg.get("resources") or []):
            out.append(_("Some of its files are offered under conditions: they need an "
                         "approved access request."))
        return out
    out = [_("This data is offered under conditions: request access and wait for the "
             "provider's approval before downloading.") if c["access_level"] == "conditional"
           else _paid_sentence(pkg, c, lang)]
    if c["eligible_member_types"]:
        out.append(_("Members who may request it: {types}.").format(
            types=_labels("member_type", c["eligible_member_types"], lang)))
    if c["eligible_tiers"]:
        out.append(_("Member tiers: {tiers}.").format(
            tiers=_labels("member_tier", c["eligible_tiers"], lang)))
    if c["purposes"]:
        out.append(_("Permitted purposes: {purposes}.").format(purposes=sep.join(c["purposes"])))
    if c["region"] and c["region"] != "制限なし":
        out.append(_("Permitted region: {region}.").format(region=c["region"]))
    if c["nda"]:
        out.append(_("A non-disclosure agreement (NDA) must be concluded."))
    period = period_text(c["licence_period"], lang)
    if period:
        out.append(_("Period of use: {period}.").format(period=period))
    if c["secondary_use_terms"]:
        out.append(_("Secondary use: {terms}").format(terms=c["secondary_use_terms"]))
    out.append(_("Requests are approved automatically when these conditions are met.")
               if c["approval_mode"] == "auto"
               else _("The provider reviews each request."))
    return out


def tdpf_market_conditions_rows(pkg: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows of the filled conditions, for a table."""
    c, lang = of(pkg), current_lang()
    rows = [(_("Access level"), choices.label("access_level", c["access_level"], lang))]
    if c["fee_amount"] is not None:
        rows.append((_("Fee"), price_text(c["fee_amount"], c["fee_unit"], lang)))
    if c["contract_type"]:
        rows.append((_("Contract type"), c["contract_type"]))
    if c["scope_of_disclosure"]:
        rows.append((_("Scope of disclosure"), c["scope_of_disclosure"]))
    if c["notes"]:
        rows.append((_("Notes"), c["notes"]))
    return rows
