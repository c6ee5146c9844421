"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from . import TIERS, TYPES

ACTIONS = {
    "tdpf_member_list": {
        "ja": "会員プロフィールの一覧（新しい順、運用者のみ）",
        "params": {"tier": {"enum": list(TIERS)},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 1000}},
        "result": {"type": "object", "required": ["count", "results"]}},
    "tdpf_member_show": {"ja": "利用者の会員プロフィール", "result": {"type": "object"}},
    "tdpf_member_update": {
        "ja": "利用者の会員種別・ティア・所属組織名を変更する（運用者のみ）", "required": ["id"],
        "params": {"member_type": {"enum": [*TYPES, ""]}, "tier": {"enum": list(TIERS)}},
        "result": {"type": "object"}},
    "user_create": {
        "ja": "利用者の登録",
        "params": {"member_type": {"enum": list(TYPES), "description": "the member type "
                                   "the sign-up form asks for (optional)"},
                   "organization_name": {"type": "string", "description": "the member's "
                                         "organisation (法人名・自治体名) (optional)"}},
        "note": "member_type and organization_name start the user's member profile in the "
                "free tier"},
}
