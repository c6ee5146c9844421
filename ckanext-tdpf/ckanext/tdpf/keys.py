"""Dataset keys that several parts name in one order: the DCAT export and
parse (``dcat``) and the dataset page's sections (``display``)."""
from __future__ import annotations

# CADDE 4.0 usage-condition keys (values as CADDE spells them).
CADDE_KEYS: tuple[str, ...] = (
    "fee", "pricing_price_range", "pricing_notices_of_price", "sales_info_url",
    "trading_policy_contract_type", "trading_policy_nda", "trading_policy_use_application",
    "scope_of_disclosure", "terms_of_use_permissible_region", "terms_of_use_notices",
    "privacy_policy_contains_personal_data", "warranty_express_warranty",
    "warranty_legal_compliance", "usage_license_period", "haspolicy_url",
)

# Where a harvested record came from.
PROVENANCE_KEYS: tuple[str, ...] = (
    "source_catalog_name", "source_catalog_url", "source_page_url",
    "source_original_id", "global_id",
)
