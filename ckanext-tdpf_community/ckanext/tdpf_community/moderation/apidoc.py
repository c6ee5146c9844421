"""What the OpenAPI description says of the moderation actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from .objects import MODELS

_TYPE = {"type": "string", "enum": list(MODELS)}

ACTIONS = {
    "tdpf_community_report_create": {
        "ja": "投稿（データリクエスト・コメント・評価・活用事例）を運営者に通報する",
        "required": ["object_type", "object_id", "reason"],
        "params": {"object_type": _TYPE, "reason": {"type": "string", "maxLength": 1000}},
        "result": {"type": "object", "required": ["id", "object_type", "object_id"]}},
    "tdpf_community_hide": {
        "ja": "投稿を理由を付けて非表示にする・再表示する（運営者）",
        "required": ["object_type", "object_id"],
        "params": {"object_type": _TYPE, "hidden": {"type": "boolean"},
                   "reason": {"type": "string", "maxLength": 1000}},
        "result": {"type": "object", "required": ["object_type", "object_id", "hidden"]}},
    "tdpf_community_report_list": {
        "ja": "通報の一覧（運営者）",
        "params": {"resolved": {"type": "boolean"},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 200}},
        "result": {"type": "object", "required": ["count", "results"]}},
    "tdpf_community_queue": {
        "ja": "運営者の確認キュー（未対応の通報と前回確認以降の新しい投稿）",
        "params": {"limit": {"type": "integer", "minimum": 1, "maximum": 200}},
        "result": {"type": "object", "required": ["reviewed_at", "reports", "new_posts"]}},
    "tdpf_community_queue_reviewed": {
        "ja": "確認キューの新しい投稿を確認済みにする（運営者）",
        "result": {"type": "object", "required": ["reviewed_at"]}},
}
