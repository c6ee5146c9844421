"""What the OpenAPI description says of the rating actions beyond their
docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

_RESULT = {"type": "object", "required": ["package_id", "average", "count"]}

ACTIONS = {
    "tdpf_rating_create": {
        "ja": "データセットの有用性を1〜5で評価する（理由は任意）",
        "required": ["package_id", "score"],
        "params": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
                   "reason": {"type": "string", "maxLength": 1000}},
        "result": _RESULT},
    "tdpf_rating_show": {"ja": "データセットの評価（平均と件数）を表示する",
                         "required": ["package_id"], "result": _RESULT},
}
