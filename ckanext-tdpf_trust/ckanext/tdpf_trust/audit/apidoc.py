"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

ACTIONS = {
    "tdpf_audit_list": {
        "ja": "監査ログの一覧（新しい順、運用者のみ）",
        "params": {"limit": {"type": "integer", "minimum": 1, "maximum": 1000}},
        "result": {"type": "array", "items": {"type": "object"}}},
}
