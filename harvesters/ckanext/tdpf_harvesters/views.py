"""Blueprints of the harvesters (``tk.blanket.blueprints``)."""
from __future__ import annotations

from .overlay_views import overlay_bp
from .sources_ui import sources_bp

__all__ = ["overlay_bp", "sources_bp"]
