"""Template helpers of the usage pages."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

__all__ = ["tdpf_usage_chart"]


def tdpf_usage_chart(rows: list[dict[str, Any]], kind: str, title: str) -> Markup:
    """SVG chart of report rows: ``days`` (vertical bars, one per day) or
    ``bars`` (horizontal, one per category)."""
    from ckanext.tdpf.datarate import chart

    if kind == "days":
        return chart.columns(rows, title, label_every=max(1, len(rows) // 6))
    return chart.bars(rows, title)
