"""What the OpenAPI description says of the terms actions beyond their
docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

_BOXES = {"accept_terms": {"type": "boolean"}, "accept_privacy": {"type": "boolean"}}

ACTIONS = {
    "user_create": {
        "note": "On the register form (/user/register) the current 利用規約 and "
                "プライバシーポリシー must be accepted (accept_terms, accept_privacy) and the "
                "acceptance is recorded with their versions; accounts created through the "
                "API accept at their first web login once an operator has published a version.",
        "params": {name: dict(schema, description="the register form's checkbox")
                   for name, schema in _BOXES.items()}},
    "tdpf_terms_accept": {
        "ja": "現在の利用規約とプライバシーポリシーに同意する（本人）",
        "params": _BOXES,
        "result": {"type": "object"}},
    "tdpf_terms_status": {
        "ja": "利用者の規約への同意状況（本人または運用者）",
        "params": {"id": {"type": "string"}},
        "result": {"type": "object"}},
}
