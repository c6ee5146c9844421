"""What the OpenAPI description says of the page actions beyond their
docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from .model import EVENT_TYPES, KINDS

_PAGE = {"type": "object"}

ACTIONS = {
    "tdpf_page_publish": {
        "ja": "お知らせ・イベント・規約等のページを公開する（新しい版として）、"
              "または下書きを保存する（運用者のみ）",
        "required": ["name", "kind", "title"],
        "params": {"kind": {"enum": list(KINDS)}, "event_type": {"enum": list(EVENT_TYPES)},
                   "draft": {"type": "boolean"},
                   "event_start": {"type": "string", "format": "date-time"},
                   "registration_url": {"type": "string", "format": "uri"}},
        "result": _PAGE},
    "tdpf_page_delete": {
        "ja": "ページを取り下げる（運用者のみ、履歴は残る）", "required": ["name"],
        "result": _PAGE},
    "tdpf_page_show": {"ja": "ページの現在の版（下書きは運用者のみ）", "required": ["name"],
                       "params": {"draft": {"type": "boolean"}}, "result": _PAGE},
    "tdpf_page_list": {
        "ja": "ページの一覧（お知らせ・イベントは新しい順、続いて規約等）",
        "params": {"kind": {"enum": list(KINDS)},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
                   "drafts": {"type": "boolean"}},
        "result": {"type": "array", "items": _PAGE}},
}
