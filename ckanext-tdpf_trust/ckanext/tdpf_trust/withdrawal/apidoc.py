"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

ACTIONS = {
    "tdpf_withdrawal_schedule": {
        "ja": "データセットの提供停止を事前告知する（組織の編集者・管理者）",
        "required": ["id", "end_date", "reason"],
        "params": {"end_date": {"type": "string", "format": "date"}},
        "result": {"type": "object"}},
    "tdpf_withdrawal_cancel": {"ja": "予定された提供停止を取り消す", "required": ["id"],
                               "result": {"type": "object"}},
}
