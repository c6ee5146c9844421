"""What the OpenAPI description says of the comment actions beyond their
docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from .model import KINDS, SUBJECTS

_SUBJECT = {"type": "string", "enum": list(SUBJECTS)}

ACTIONS = {
    "tdpf_comment_create": {
        "ja": "データセットやデータリクエストにコメント（質問・データの誤り・回答）を投稿する",
        "required": ["subject_id", "body"],
        "params": {"subject_type": _SUBJECT, "kind": {"type": "string", "enum": list(KINDS)}},
        "result": {"type": "object", "required": ["id", "kind", "body", "by_provider"]}},
    "tdpf_comment_list": {
        "ja": "データセットやデータリクエストのコメントを一覧する（スレッド表示）",
        "required": ["subject_id"], "params": {"subject_type": _SUBJECT},
        "result": {"type": "object", "required": ["count", "comments"]}},
}
