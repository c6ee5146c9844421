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

_TEXT = {"type": "string", "maxLength": 20000}
_LIST = {"oneOf": [{"type": "array", "items": {"type": "string"}, "maxItems": 100},
                   {"type": "string"}]}
_FIELD_NAMES = ["title", "notes", "tags", "theme", "focus_area", "municipality_codes",
                "provider_type", "standard_dataset", "license_id"]
_OVERLAY = {"type": "object", "required": ["id", "fields"], "properties": {
    "id": {"type": "string"},
    "fields": {"type": "array", "items": {"type": "object",
                                          "required": ["field", "harvested", "ours"]}}}}
_OVERLAY_NOTE = ("Harvested datasets only (404 for others); sysadmins and the editors of "
                 "the dataset's organisation")

ACTIONS.update({
    "tdpf_harvest_overlay_show": {
        "ja": "ハーベストしたデータセットの取得元の値と当サイトの値を表示する",
        "required": ["id"], "result": _OVERLAY, "note": _OVERLAY_NOTE},
    "tdpf_harvest_overlay_update": {
        "ja": "ハーベストしたデータセットの項目を修正する（再ハーベスト後も保持）",
        "required": ["id"], "result": _OVERLAY, "note": _OVERLAY_NOTE,
        "params": {"title": _TEXT, "notes": _TEXT, "provider_type": _TEXT,
                   "standard_dataset": _TEXT, "license_id": _TEXT, "tags": _LIST,
                   "theme": _LIST, "focus_area": _LIST, "municipality_codes": _LIST}},
    "tdpf_harvest_overlay_delete": {
        "ja": "ハーベストしたデータセットの修正を取り消し、取得元の値に戻す",
        "required": ["id", "field"], "result": _OVERLAY, "note": _OVERLAY_NOTE,
        "params": {"field": {"type": "string", "enum": _FIELD_NAMES}}},
})
ACTIONS["tdpf_harvest_source_probe"] = {
    "ja": "ハーベストソースの接続テスト（データセット数とタイトルの例）",
    "required": ["url"],
    "note": ("The URL must pass the portal's outbound-HTTP policy; why a catalog cannot "
             "be harvested is a 409 on url"),
    "params": {"source_type": {"type": "string", "enum": ["tdpf_ckan", "tdpf_dcat"]}},
    "result": {"type": "object", "required": ["kind", "count", "titles"]}}
