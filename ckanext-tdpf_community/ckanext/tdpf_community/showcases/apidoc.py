"""What the OpenAPI description says of the showcase actions beyond their
docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from ckanext.tdpf.vocab import choices

from .model import STATES

_SHOWCASE = {"type": "object", "required": ["id", "title", "state", "datasets"]}
_THEME = {"type": "string", "enum": ["", *(v for v, _ja, _en in choices.THEMES)]}
_FIELDS = {"title": {"type": "string", "maxLength": 200}, "description": {"type": "string"},
           "author": {"type": "string", "maxLength": 200},
           "datasets": {"type": "array", "items": {"type": "string"}},
           "url": {"type": "string"}, "image_url": {"type": "string"},
           "image_upload": {"type": "string", "description":
                            "an image file, sent as multipart/form-data"}, "theme": _THEME}

ACTIONS = {
    "tdpf_showcase_create": {
        "ja": "活用事例を投稿する（運営者の承認後に公開）",
        "required": ["title", "description", "author", "datasets"],
        "params": _FIELDS, "result": _SHOWCASE},
    "tdpf_showcase_update": {
        "ja": "活用事例を変更する（投稿者・運営者）", "required": ["id"],
        "params": {**_FIELDS, "clear_upload": {"type": "boolean"}}, "result": _SHOWCASE},
    "tdpf_showcase_show": {"ja": "活用事例を表示する", "required": ["id"], "result": _SHOWCASE},
    "tdpf_showcase_list": {
        "ja": "活用事例を検索する（分類・データセットで絞り込み）",
        "params": {"theme": _THEME, "state": {"type": "string", "enum": list(STATES)},
                   "mine": {"type": "boolean"},
                   "offset": {"type": "integer", "minimum": 0},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 100}},
        "result": {"type": "object", "required": ["count", "results", "facets"]}},
    "tdpf_showcase_approve": {"ja": "活用事例を承認して公開する（運営者）", "required": ["id"],
                              "result": _SHOWCASE},
    "tdpf_showcase_reject": {"ja": "活用事例を理由を付けて差し戻す（運営者）",
                             "required": ["id", "reason"],
                             "params": {"reason": {"type": "string", "maxLength": 1000}},
                             "result": _SHOWCASE},
    "tdpf_showcase_delete": {"ja": "活用事例を削除する（投稿者・運営者）", "required": ["id"],
                             "result": {"type": "object", "required": ["id", "deleted"]}},
}
