"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from ckanext.tdpf.withholding import ACTIVITY_READS

_OBJECT = {"type": "object"}

ACTIONS = {
    "tdpf_scan_show": {"ja": "リソースの最新の個人情報スキャンと検出結果",
                       "required": ["resource_id"], "result": _OBJECT},
    "tdpf_scan_list": {
        "ja": "最新スキャンの検出結果の一覧（データセット単位、または運用者の確認待ち一覧）",
        "params": {"state": {"enum": ["open", "all"]},
                   "severity": {"enum": ["blocking", "info", "all"]},
                   "limit": {"type": "integer", "minimum": 0}},
        "result": _OBJECT},
    "tdpf_scan_run": {"ja": "リソースを再スキャンする（バックグラウンドで実行）",
                      "required": ["resource_id"], "result": _OBJECT},
    "tdpf_scan_finding_resolve": {
        "ja": "検出結果を誤検出として解決する（理由が必要）", "required": ["id", "reason"],
        "params": {"id": {"type": ["integer", "string"]}}, "result": _OBJECT},
    **{name: {"note": "URLs of files waiting for their personal-data scan are withheld "
                      "from all but the dataset's providers"}
       for name in ("package_show", "resource_show", "package_search", *ACTIVITY_READS)},
}
