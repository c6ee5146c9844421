"""What the OpenAPI description says of the notification actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from .model import KINDS

ACTIONS = {
    "tdpf_notice_list": {
        "ja": "自分へのお知らせ（データリクエスト・コメントの通知）を一覧する",
        "params": {"unread_only": {"type": "boolean"},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 200}},
        "result": {"type": "object", "required": ["unread", "results"]}},
    "tdpf_notice_mark_read": {
        "ja": "お知らせを既読にする",
        "params": {"ids": {"type": "array", "items": {"type": "integer", "minimum": 1}}},
        "result": {"type": "object", "required": ["unread"]}},
    "tdpf_notice_setting_update": {
        "ja": "どのお知らせをメールでも受け取るかを設定する",
        "params": {"mail": {"type": "boolean"},
                   "mail_kinds": {"type": "array", "items": {"type": "string",
                                                             "enum": list(KINDS)}}},
        "result": {"type": "object", "required": ["mail", "mail_kinds"]}},
}
