"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

_TARGET = {"object_type": {"enum": ["user", "organization"]}}

ACTIONS = {
    "tdpf_suspension_create": {
        "ja": "利用者または組織を直ちに利用停止にする（運用者のみ）",
        "required": ["object_type", "object_id", "reason"], "params": _TARGET,
        "result": {"type": "object"}},
    "tdpf_suspension_lift": {
        "ja": "利用停止を解除する（運用者のみ）", "required": ["object_type", "object_id"],
        "params": _TARGET, "result": {"type": "object"}},
    "tdpf_suspension_list": {
        "ja": "利用停止の一覧（新しい順、運用者のみ）",
        "params": {**_TARGET, "active_only": {"type": "boolean"},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 1000}},
        "result": {"type": "array", "items": {"type": "object"}}},
}
