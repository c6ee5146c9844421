"""Template helpers of the data request pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.tdpf.vocab import choices

from .model import STATUS_LABELS, STATUSES

__all__ = ["tdpf_community_request_statuses", "tdpf_community_themes"]


def tdpf_community_request_statuses() -> list[dict[str, str]]:
    """(value, label) of the statuses in their order: 受付, 検討中, 公開済み, 対応不可."""
    return [{"value": s, "label": tk._(STATUS_LABELS[s])} for s in STATUSES]


def tdpf_community_themes() -> list[dict[str, str]]:
    lang = "en" if tk.h.lang() == "en" else "ja"
    return [{"value": v, "label": ja if lang == "ja" else en, "text": ja if lang == "ja" else en}
            for v, ja, en in choices.THEMES]
