"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

ACTIONS = {
    "tdpf_organization_review_list": {
        "ja": "組織審査の待ち行列（運用者のみ）",
        "params": {"state": {"enum": ["pending", "approved", "rejected", "all"]},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 1000}},
        "result": {"type": "array", "items": {"type": "object"}}},
    "tdpf_organization_review_show": {"ja": "組織の審査状態", "required": ["id"],
                                      "result": {"type": "object"}},
    "tdpf_organization_review_decide": {
        "ja": "組織を承認または却下する（運用者のみ、却下には理由が必要）",
        "required": ["id", "decision"], "params": {"decision": {"enum": ["approve", "reject"]}},
        "result": {"type": "object"}},
    "organization_create": {
        "ja": "組織の作成",
        "note": "An organisation created by a user who is not a sysadmin starts pending "
                "review (its datasets are marked unverified until approved)"},
}
