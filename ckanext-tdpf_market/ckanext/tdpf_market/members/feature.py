"""What the members feature gives the market plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

FEATURE = Feature(
    provides=("actions", "auth", "helpers", "apidoc", "blueprints"),
)
