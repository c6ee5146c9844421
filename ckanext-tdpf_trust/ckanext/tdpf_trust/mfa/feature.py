"""What the mfa feature gives the trust plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from .password import signal_subscriptions

FEATURE = Feature(
    provides=("actions", "auth", "apidoc", "blueprints", "commands"),
    signals=signal_subscriptions,
)
