"""What the OpenAPI description says of the core (ckanext-harvest) actions
the harvesters change (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

_URL = ("The source URL must pass the portal's outbound-HTTP policy (http/https, no "
        "loopback, private or link-local address unless allowed) and, when set or "
        "changed, its host name must resolve; refused with 409 on url")
_CONFIG = ("A source's configuration is shown only to those who may update the source "
           "(sysadmins, editors of its organisation)")

ACTIONS = {
    "package_create": {"note": "For a harvest source (type harvest): " + _URL},
    "package_update": {"note": "For a harvest source (type harvest): " + _URL},
    "harvest_source_create": {"ja": "ハーベストソースの登録", "note": _URL,
                              "required": ["url", "name", "source_type"]},
    "harvest_source_update": {"ja": "ハーベストソースの更新", "note": _URL,
                              "required": ["id", "url", "name", "source_type"]},
    "harvest_source_show": {"ja": "ハーベストソースの表示", "note": _CONFIG, "required": ["id"]},
    "harvest_source_list": {"ja": "ハーベストソースの一覧"},
    "tdpf_harvest_classification_confirm": {
        "ja": "収集したデータセットの自動分類を確認済みにする",
        "required": ["id"],
        "params": {"fields": {"type": "array", "items": {"type": "string", "enum": [
            "provider_type", "municipality_codes", "theme", "focus_area", "standard_dataset"]}}},
        "result": {"type": "object", "required": ["id", "auto_classified", "auto_confirmed"]}},
}
