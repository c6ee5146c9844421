"""Per-source settings (the harvest source's ``config`` JSON) and their
validation, shared by the CKAN and DCAT harvesters.

Example::

    {"provider_type": "municipality", "municipality_codes": ["132292"],
     "default_license": "cc-by-4.0", "rate_limit": 1, "page_size": 1000,
     "full_every": 1}
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from ckanext.tdpf import outbound
from ckanext.tdpf.vocab import choices, licences, municipality

PROVIDER_TYPES = [c[0] for c in choices.PROVIDER_TYPES]
# Canonical choice among duplicates: the publisher closest to the data wins
# (municipal and Tokyo catalogs before national portals that republish them).
PROVIDER_RANK = {"municipality": 0, "tokyo": 1, "public_body": 2, "national": 3}
OTHER_RANK = 4


@dataclass(frozen=True)
class SourceConfig:
    provider_type: str = ""
    municipality_codes: tuple[str, ...] = ()
    default_license: str = ""
    rate_limit: float | None = None  # requests/s; None: ckanext.tdpf.outbound.rate_limit
    page_size: int = 1000
    full_every: int = 1  # every Nth run lists all remote ids to find deletions
    max_withdraw_ratio: float = 0.5  # refuse to withdraw more in one run (broken source?)
    timeout: float | None = None
    max_bytes: int | None = None
    rdf_format: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def provider_rank(self) -> int:
        return PROVIDER_RANK.get(self.provider_type, OTHER_RANK)

    def policy(self) -> outbound.Policy:
        base = outbound.Policy.from_config()
        changes = {}
        if self.rate_limit is not None:
            changes["rate"] = self.rate_limit
        if self.timeout:
            changes["timeout"] = self.timeout
        if self.max_bytes:
            changes["max_bytes"] = self.max_bytes
        return replace(base, **changes)


_NUMBERS = {"rate_limit": float, "page_size": int, "full_every": int,
            "max_withdraw_ratio": float, "timeout": float, "max_bytes": int}


def _municipality_codes(codes: str | list[str]) -> tuple[str, ...]:
    if isinstance(codes, str):
        codes = [c for c in codes.replace(",", " ").split() if c]
    try:
        return tuple(municipality.validate(c) for c in codes)
    except municipality.CodeError as e:
        raise ValueError(f"municipality_codes: {e}") from e


def _licence(lic: str) -> str:
    found = lic if lic in licences.licences() else licences.normalise(lic)
    if not found:
        raise ValueError(f"default_license {lic!r} is not a TDPF licence "
                         f"({', '.join(licences.licences())})")
    return found


def _numbers(raw: dict) -> dict:
    """The numeric settings present in ``raw`` (taken out of it), converted."""
    out = {}
    for key, kind in _NUMBERS.items():
        if raw.get(key) is not None:
            try:
                out[key] = kind(raw.pop(key))
            except (TypeError, ValueError) as e:
                raise ValueError(f"{key} must be a number") from e
    return out


def parse(config_str: str | None) -> SourceConfig:
    """Parse a source config; raise ValueError with a readable message."""
    try:
        raw = json.loads(config_str) if config_str else {}
    except ValueError as e:
        raise ValueError(f"The configuration is not valid JSON: {e}") from e
    if not isinstance(raw, dict):
        # ValueError like every other bad config: callers show its message
        raise ValueError("The configuration must be a JSON object")  # noqa: TRY004
    raw = dict(raw)
    out: dict = {}
    ptype = raw.pop("provider_type", "") or ""
    if ptype and ptype not in PROVIDER_TYPES:
        raise ValueError(f"provider_type {ptype!r} is not one of {', '.join(PROVIDER_TYPES)}")
    out["provider_type"] = ptype
    out["municipality_codes"] = _municipality_codes(raw.pop("municipality_codes", []) or [])
    lic = raw.pop("default_license", "") or ""
    if lic:
        out["default_license"] = _licence(lic)
    out.update(_numbers(raw))
    if not 1 <= out.get("page_size", 1000) <= 1000:
        raise ValueError("page_size must be between 1 and 1000")
    if out.get("full_every", 1) < 1:
        raise ValueError("full_every must be at least 1")
    out["rdf_format"] = raw.pop("rdf_format", "") or ""
    out["extra"] = raw
    return SourceConfig(**out)

