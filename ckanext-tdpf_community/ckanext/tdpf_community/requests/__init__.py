"""Data requests (データリクエスト): the public board, votes, the addressed
organisation's answer, and matching of newly published datasets."""
from __future__ import annotations

from .matching import signal_subscriptions

__all__ = ["signal_subscriptions"]
