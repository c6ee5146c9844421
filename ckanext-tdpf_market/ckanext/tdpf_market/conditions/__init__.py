"""利用条件: the usage conditions of a dataset, read from ONE place.

The conditions are dataset fields of the core schema (the CADDE 4.0 keys
plus access_level, fee_amount, fee_unit, eligible_member_types,
eligible_tiers, approval_mode, secondary_use_terms). Everything that needs
them (the dataset page summary, search index fields and facets, eligibility
checks, grant snapshots, URL hiding; the ODRL offer reads the same keys) goes
through :func:`of`, so no copy can drift."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tdpf.vocab import choices
from ckanext.tdpf.vocab.lists import as_list

_ = tk._

GATED = ("conditional", "paid")
NO_LIMIT = "制限なし"


def _int(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", "")) if value not in (None, "") else None
    except ValueError:
        return None


def _period(value: Any) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def field(pkg: dict[str, Any], key: str) -> Any:
    """A schema field, also from dicts in CKAN's default schema (the
    index's ``data_dict``), where it is one of the ``extras``."""
    if key in pkg:
        return pkg[key]
    for extra in pkg.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == key:
            return extra.get("value")
    return None


def access_level(pkg: dict[str, Any], resource: dict[str, Any] | None = None) -> str:
    """open / conditional / paid. A resource may override its dataset's
    level; a dataset without one is paid when its CADDE fee is 有償."""
    if resource and resource.get("access_level") in ("open", *GATED):
        return resource["access_level"]
    level = field(pkg, "access_level")
    if level in ("open", *GATED):
        return level
    return "paid" if field(pkg, "fee") == "有償" else "open"


def is_gated(pkg: dict[str, Any], resource: dict[str, Any] | None = None) -> bool:
    """True when downloads need a grant (conditional or paid)."""
    return access_level(pkg, resource) in GATED


def is_gated_stored(package, resource=None) -> bool:
    """is_gated from the stored rows (model Package and Resource): no
    package_show, for checks on every request that are mostly about open data."""
    extras = package.extras or {}
    level = {"access_level": extras.get("access_level"), "fee": extras.get("fee")}
    own = (resource.extras or {}).get("access_level") if resource is not None else None
    return is_gated(level, {"access_level": own} if own else None)


def of(pkg: dict[str, Any]) -> dict[str, Any]:
    """The dataset's conditions as one plain dict (what a grant snapshots)."""
    purposes = as_list(pkg.get("trading_policy_use_application"))
    level = access_level(pkg)
    return {
        "access_level": level,
        "fee_amount": _int(pkg.get("fee_amount")) if level == "paid" else None,
        "fee_unit": (pkg.get("fee_unit") or None) if level == "paid" else None,
        "purposes": [] if NO_LIMIT in purposes else purposes,
        "eligible_member_types": as_list(pkg.get("eligible_member_types")),
        "eligible_tiers": as_list(pkg.get("eligible_tiers")),
        "region": pkg.get("terms_of_use_permissible_region") or NO_LIMIT,
        "nda": pkg.get("trading_policy_nda") == "求める",
        "contract_type": pkg.get("trading_policy_contract_type") or "",
        "scope_of_disclosure": pkg.get("scope_of_disclosure") or "",
        "licence_period": _period(pkg.get("usage_license_period")),
        "secondary_use_terms": pkg.get("secondary_use_terms") or "",
        "notes": pkg.get("terms_of_use_notices") or "",
        "approval_mode": pkg.get("approval_mode") or "manual",
        "license_id": pkg.get("license_id") or "",
    }


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
    for field in ("eligible_member_types", "eligible_tiers"):
        values = as_list(pkg_dict.get(field))
        if values:
            pkg_dict[field] = values
        else:
            pkg_dict.pop(field, None)
    return pkg_dict


def dataset_facets(facets_dict: dict, package_type: str) -> dict:
    for field, title in FACETS:
        facets_dict[field] = _(title)
    return facets_dict
