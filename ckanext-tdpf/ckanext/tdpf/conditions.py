"""利用条件: the one reading of a dataset's usage conditions.

The conditions are dataset fields of the core schema (the CADDE 4.0 keys
plus access_level, fee_amount, fee_unit, eligible_member_types,
eligible_tiers, approval_mode, secondary_use_terms). The market's checks
(eligibility, grant snapshots, URL hiding, the index fields) and the ODRL
offer of the DCAT output both read them through :func:`of` and the
functions beside it, so what is enforced and what is published cannot
drift apart."""
from __future__ import annotations

import json
from typing import Any

from .vocab.lists import as_list

__all__ = ["GATED", "NO_LIMIT", "access_level", "fee_amount", "field", "is_gated",
           "is_gated_stored", "licence_period", "of", "purposes"]

GATED = ("conditional", "paid")
LEVELS = ("open", *GATED)
NO_LIMIT = "制限なし"


def _int(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", "")) if value not in (None, "") else None
    except ValueError:
        return None


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
    if resource and resource.get("access_level") in LEVELS:
        return resource["access_level"]
    level = field(pkg, "access_level")
    if level in LEVELS:
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


def purposes(pkg: dict[str, Any]) -> list[str]:
    """The permitted purposes; empty when any purpose is (制限なし)."""
    values = as_list(pkg.get("trading_policy_use_application"))
    return [] if NO_LIMIT in values else values


def licence_period(pkg: dict[str, Any]) -> dict[str, Any]:
    """CADDE's usage_license_period (stored as JSON text) as a dict."""
    value = pkg.get("usage_license_period")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def fee_amount(pkg: dict[str, Any]) -> int | None:
    """The fee in whole yen ("5,000" reads as 5000), None when not set."""
    return _int(pkg.get("fee_amount"))


def of(pkg: dict[str, Any]) -> dict[str, Any]:
    """The dataset's conditions as one plain dict (what a grant snapshots)."""
    level = access_level(pkg)
    return {
        "access_level": level,
        "fee_amount": fee_amount(pkg) if level == "paid" else None,
        "fee_unit": (pkg.get("fee_unit") or None) if level == "paid" else None,
        "purposes": purposes(pkg),
        "eligible_member_types": as_list(pkg.get("eligible_member_types")),
        "eligible_tiers": as_list(pkg.get("eligible_tiers")),
        "region": pkg.get("terms_of_use_permissible_region") or NO_LIMIT,
        "nda": pkg.get("trading_policy_nda") == "求める",
        "contract_type": pkg.get("trading_policy_contract_type") or "",
        "scope_of_disclosure": pkg.get("scope_of_disclosure") or "",
        "licence_period": licence_period(pkg),
        "secondary_use_terms": pkg.get("secondary_use_terms") or "",
        "notes": pkg.get("terms_of_use_notices") or "",
        "approval_mode": pkg.get("approval_mode") or "manual",
        "license_id": pkg.get("license_id") or "",
    }
