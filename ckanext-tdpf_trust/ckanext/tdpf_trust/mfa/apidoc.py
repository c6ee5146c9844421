"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

ACTIONS = {
    "tdpf_mfa_status_show": {"ja": "利用者の多要素認証（MFA）の要否と登録状態",
                             "result": {"type": "object"}},
    "tdpf_mfa_reset": {"ja": "利用者の MFA 登録を解除する（運用者のみ、端末紛失時など）",
                       "required": ["id"], "result": {"type": "object"}},
    "api_token_create": {
        "ja": "API トークンの作成",
        "note": "Refused to suspended users, to a web session that has not passed MFA, and "
                "for a token owner who must use MFA and has not enrolled"},
}
