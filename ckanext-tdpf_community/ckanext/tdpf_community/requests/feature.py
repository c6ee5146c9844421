"""What the requests feature gives the community plugin (checked at load,
see ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

from . import signal_subscriptions

FEATURE = Feature(provides=("actions", "auth", "apidoc", "blueprints", "helpers"),
                  signals=signal_subscriptions)
