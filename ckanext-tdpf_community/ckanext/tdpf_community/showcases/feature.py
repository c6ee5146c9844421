"""What the showcases feature gives the community plugin (checked at load, see
ckanext.tdpf.features)."""
from __future__ import annotations

from ckanext.tdpf.features import Feature

FEATURE = Feature(provides=("actions", "auth", "apidoc", "blueprints", "helpers"))
