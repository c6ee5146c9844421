"""What the OpenAPI description says of the leave action beyond its
docstring (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

ACTIONS = {
    "tdpf_user_leave": {
        "ja": "退会する（本人のみ、パスワードで確認。運用者と組織の唯一の管理者は不可）",
        "required": ["password"],
        "params": {"password": {"type": "string", "format": "password"}},
        "result": {"type": "object"}},
}
