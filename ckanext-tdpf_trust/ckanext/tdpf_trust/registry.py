"""The trust features, in the order their hooks run (see
``ckanext.tdpf.features`` for what a feature may contribute)."""
from __future__ import annotations

from ckanext.tdpf.features import Features

FEATURES = Features("ckanext.tdpf_trust", [
    "audit", "warranty", "scan", "withdrawal", "review", "suspension", "mfa", "gate",
    "tombstone", "pages", "terms", "leave",
])
