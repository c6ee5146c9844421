"""利用条件: the usage conditions of a dataset as the market shows and
indexes them.

The reading itself (access level, the conditions dict a grant snapshots,
licence period) is the core's ``ckanext.tdpf.conditions``, shared with the
ODRL offer of the DCAT output; this feature adds the market's texts, index
fields and facets."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tdpf.conditions import (  # noqa: F401 - the market's names for them
    GATED,
    NO_LIMIT,
    access_level,
    field,
    is_gated,
    is_gated_stored,
    of,
)
from ckanext.tdpf.vocab import choices
from ckanext.tdpf.vocab.lists import as_list

_ = tk._


def price_text(amount: int | None, unit: str | None, lang: str = "ja") -> str:
    """"月額 5,000円" / "5,000 yen per month"."""
    if amount is None:
        return ""
    if lang == "en":
        per = choices.label("fee_unit", unit or "", "en").lower() if unit else ""
        return f"{amount:,} yen" + (f" ({per})" if per else "")
    return (f"{choices.label('fee_unit', unit, 'ja')} " if unit else "") + f"{amount:,}円"


def period_text(period: dict, lang: str = "ja") -> str:
    """The CADDE licence period in words ("購入日から1年")."""
    inner = period.get("period") or {}
    value, unit = inner.get("value"), str(inner.get("unit", "")).rstrip("s")
    units = {"year": ("年", "year"), "month": ("か月", "month"),
             "week": ("週間", "week"), "day": ("日", "day")}
    if period.get("expirationPeriodType") == "period" and value and unit in units:
        if lang == "en":
            return f"{value} {units[unit][1]}(s) from the start of use"
        return f"利用開始から{value}{units[unit][0]}"
    end = period.get("date") or period.get("endDate")
    if end:
        return f"{end}まで" if lang != "en" else f"until {end}"
    return ""


# -- search -------------------------------------------------------------

# (index field, facet title msgid), after the core's facets.
FACETS = [
    ("access_level", "Access level"),
    ("fee", "Fee"),
    ("trading_policy_use_application", "Permitted purposes"),
    ("eligible_member_types", "Eligible member types"),
]


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Facetable condition fields: every dataset has an access level and a
    fee (有償/無償), so "free of charge" can be filtered too."""
    level = access_level(pkg_dict)
    pkg_dict["access_level"] = level
    pkg_dict["fee"] = "有償" if level == "paid" else "無償"
    for key in ("eligible_member_types", "eligible_tiers"):
        values = as_list(pkg_dict.get(key))
        if values:
            pkg_dict[key] = values
        else:
            pkg_dict.pop(key, None)
    return pkg_dict


def dataset_facets(facets_dict: dict, package_type: str) -> dict:
    for key, title in FACETS:
        facets_dict[key] = _(title)
    return facets_dict
