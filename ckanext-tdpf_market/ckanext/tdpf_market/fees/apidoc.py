"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from .ledger import MONTH

_OBJECT = {"type": "object"}

ACTIONS = {
    "tdpf_fee_correction_create": {
        "ja": "料金台帳の記録を新しい記録で訂正する（運用者のみ、記録は変更されない）",
        "required": ["entry_id", "amount_yen", "reason"],
        "params": {"entry_id": {"type": ["integer", "string"]},
                   "amount_yen": {"type": "integer", "not": {"const": 0}}},
        "result": _OBJECT},
    "tdpf_fee_statement_list": {"ja": "会員または提供者の料金記録のある月の一覧",
                                "result": {"type": "array", "items": _OBJECT}},
    "tdpf_fee_statement_show": {
        "ja": "会員または提供者の月次明細", "required": ["month"],
        "params": {"month": {"type": "string", "pattern": MONTH.pattern}}, "result": _OBJECT},
}
