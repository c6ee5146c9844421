"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from .reports import MAX_DAYS

_DAYS = {"days": {"type": "integer", "minimum": 1, "maximum": MAX_DAYS}}

ACTIONS = {
    "tdpf_usage_show": {"ja": "データセットの利用状況（申請・許諾・ダウンロード・料金）",
                        "required": ["id"], "params": _DAYS, "result": {"type": "object"}},
    "tdpf_usage_history": {"ja": "会員の取引履歴（申請・許諾・ダウンロード・料金）",
                           "result": {"type": "object"}},
    "tdpf_usage_totals": {"ja": "プラットフォーム全体の利用集計（運用者のみ）", "params": _DAYS,
                          "result": {"type": "object"}},
}
