"""Blueprints of the tdpf plugin: each page family in its own module,
listed here for the ``tk.blanket.blueprints`` decorator."""
from __future__ import annotations

__all__: list[str] = []
