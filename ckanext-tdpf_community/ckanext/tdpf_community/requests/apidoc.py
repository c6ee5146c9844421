"""What the OpenAPI description says of the data request actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from ckanext.tdpf.vocab import choices

from .model import STATUSES

_REQUEST = {"type": "object", "required": ["id", "title", "status", "votes"]}
_THEME = {"type": "string", "enum": ["", *(v for v, _ja, _en in choices.THEMES)]}

ACTIONS = {
    "tdpf_datarequest_create": {
        "ja": "データリクエスト（欲しいデータ）を投稿する",
        "required": ["title", "purpose"],
        "params": {"title": {"type": "string", "maxLength": 200}, "purpose": {"type": "string"},
                   "theme": _THEME},
        "result": _REQUEST},
    "tdpf_datarequest_show": {"ja": "データリクエストを表示する", "required": ["id"],
                              "result": _REQUEST},
    "tdpf_datarequest_list": {
        "ja": "データリクエストを検索する（状態・組織・分類で絞り込み）",
        "params": {"status": {"type": "string", "enum": list(STATUSES)}, "theme": _THEME,
                   "sort": {"type": "string", "enum": ["newest", "votes"]},
                   "offset": {"type": "integer", "minimum": 0},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 100}},
        "result": {"type": "object", "required": ["count", "results", "facets"]}},
    "tdpf_datarequest_answer": {
        "ja": "データリクエストに回答する（検討中・公開済み・対応不可）",
        "required": ["id", "status"],
        "params": {"status": {"type": "string", "enum": list(STATUSES)},
                   "datasets": {"type": "array", "items": {"type": "string"}}},
        "result": _REQUEST},
    "tdpf_datarequest_vote": {
        "ja": "データリクエストに「+1 私も欲しい」を付ける・取り消す", "required": ["id"],
        "params": {"vote": {"type": "boolean"}},
        "result": {"type": "object", "required": ["id", "votes", "voted"]}},
}
