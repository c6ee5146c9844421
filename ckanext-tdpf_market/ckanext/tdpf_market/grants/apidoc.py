"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from .actions import STATES
from .model import AccessRequest, Grant

_PAGE = {"limit": {"type": "integer", "minimum": 1, "maximum": 1000},
         "mine": {"type": "boolean"}}
_OBJECT = {"type": "object"}
_LIST = {"type": "array", "items": _OBJECT}

ACTIONS = {
    "tdpf_access_request_create": {
        "ja": "条件付き・有償データセットの利用を申請する（会員のみ）",
        "required": ["dataset_id", "purpose", "accepted_conditions"],
        "params": {"accepted_conditions": {"type": "boolean", "const": True}},
        "result": _OBJECT},
    "tdpf_access_request_decide": {
        "ja": "利用申請を承認または却下する（データセットの提供者）",
        "required": ["id", "decision"], "params": {"decision": {"enum": ["approve", "reject"]}},
        "result": _OBJECT},
    "tdpf_access_request_list": {
        "ja": "利用申請の一覧（自分の申請、提供者は自組織のデータセットへの申請）",
        "params": {**_PAGE, "state": {"enum": list(STATES[AccessRequest])}}, "result": _LIST},
    "tdpf_access_request_show": {"ja": "利用申請の詳細", "required": ["id"], "result": _OBJECT},
    "tdpf_grant_list": {
        "ja": "利用許諾の一覧", "params": {**_PAGE, "state": {"enum": list(STATES[Grant])}},
        "result": _LIST},
    "tdpf_grant_revoke": {"ja": "利用許諾を直ちに終了する（提供者・運用者）", "required": ["id"],
                          "result": _OBJECT},
}
