"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from ckanext.tdpf.withholding import ACTIVITY_READS

_HIDDEN = ("URLs of conditional and paid resources are hidden from callers without a "
           "grant (download through tdpf_resource_access)")

ACTIONS = {
    "tdpf_resource_access": {
        "ja": "許諾のあるリソースの短時間有効な署名付きダウンロード URL を発行する",
        "required": ["id"], "result": {"type": "object", "required": ["url", "expires_in"]}},
    **{name: {"note": _HIDDEN} for name in (
        "package_show", "resource_show", "package_search", "resource_search",
        "current_package_list_with_resources", "dataset_followee_list", "followee_list",
        *ACTIVITY_READS)},
}
