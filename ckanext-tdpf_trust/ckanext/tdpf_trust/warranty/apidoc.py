"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

_ATTESTED = {"type": "boolean", "const": True}

ACTIONS = {
    "tdpf_warranty_create": {
        "ja": "データセットの表明保証を登録する（組織の編集者・管理者）",
        "required": ["id", "personal_data", "consent", "accuracy", "right_to_provide",
                     "legal_compliance"],
        "params": dict.fromkeys(("personal_data", "consent", "accuracy", "right_to_provide",
                                 "legal_compliance"), _ATTESTED),
        "result": {"type": "object"}},
    "tdpf_warranty_show": {"ja": "データセットの表明保証の状態", "required": ["id"],
                           "result": {"type": "object"}},
    "tdpf_warranty_list": {"ja": "データセットの表明保証の履歴（新しい順）", "required": ["id"],
                           "result": {"type": "array", "items": {"type": "object"}}},
}
