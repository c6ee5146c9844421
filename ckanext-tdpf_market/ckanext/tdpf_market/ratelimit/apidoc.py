"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

ACTIONS = {
    "tdpf_ratelimit_show": {"ja": "利用者の API・ダウンロード回数制限と現在の残り回数",
                            "result": {"type": "object", "required": ["tier", "scopes"]}},
}
