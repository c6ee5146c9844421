"""What the core plugin's actions and the core actions it changes take,
beyond their docstrings, for the OpenAPI description
(``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

from ..withholding import ACTIVITY_READS
from . import gates

_OBJECT = {"type": "object"}
_GATED = ("values of a type the core cannot handle (a number, list or object where "
          "text is expected, a word that is not true/false, a number out of range) "
          "are refused with 409 naming the field (ckanext.tdpf.logic.gates)")
_WITHHELD = ("resource URLs another plugin withholds from the caller are removed from "
             "the stored dataset snapshots (ckanext.tdpf.withholding)")
_NOTES = {
    "resource_search": "Answers with the resources as package_search shows them to the "
                       "caller; its cost follows the page asked for",
    "current_package_list_with_resources": "The page of datasets from package_search, as "
                                           "the caller may see them",
    "package_search": "Words match in any spelling (問合せ = 問い合わせ, 3ヶ所 = 3か所, "
                      "齋藤 = 斎藤; quoted phrases exactly), the exact spelling ranked first; "
                      "mm=1 finds any of the words, ranked by how many a dataset holds; "
                      "ext_any_words=true falls back to that when all the words find "
                      "nothing (any_words: true) and adds suggestion (「もしかして」, null "
                      "when none); hl=true adds highlight {id: {title, notes}} with the "
                      "matched words in <mark> and all other text escaped",
}
_SEARCH_PARAMS = {
    "ext_any_words": {"type": "boolean", "description":
                      "when all the words find nothing, answer with the datasets holding "
                      "any of them (any_words: true) and a suggestion for mistyped words"},
    "hl": {"type": "boolean", "description":
           "add highlight: per dataset id, title and notes snippets with the matched "
           "words in <mark> (other text HTML-escaped)"},
    "mm": {"type": "string", "description": "1: any of the words is enough (Solr's minimum "
                                            "match); other values: all the words"},
}
_JA = {
    "tdpf_data_rate_show": "データセットのデータ品質評価（MQA スコア・評価・5 つ星・改善点）",
    "tdpf_data_rate_summary": "評価ごとのデータセット数と平均スコア（全体・組織別・提供者種別）",
    "tdpf_data_rate_check": "データセットのリソース URL のリンク確認を今すぐ実行キューに入れる",
    "tdpf_prepare_propose": "リソースのファイルのデータ整備の提案（手順・整備後の表・L1〜L3）",
    "tdpf_prepare_apply": "保存した整備手順（レシピ）をリソースのファイルに適用",
    "tdpf_prepare_publish": "整備した表を元のリソースにひもづく新しい CSV リソースとして公開",
    "resource_search": "リソースの検索（閲覧できるデータセットのリソースのみ）",
    "current_package_list_with_resources": "最近更新されたデータセットとそのリソース",
    "package_search": "データセットの検索",
    "package_create": "データセットの作成", "package_update": "データセットの更新",
    "package_patch": "データセットの一部更新",
    "dcat_catalog_search": "DCAT カタログの検索", "dcat_catalog_show": "DCAT カタログ",
    "dcat_dataset_show": "データセットの DCAT 表現",
    "activity_show": "アクティビティ", "activity_data_show": "アクティビティのデータ",
    "activity_diff": "アクティビティの差分",
}


def _note(name: str) -> str:
    parts = [_NOTES.get(name, ""), _GATED if name in gates.SCHEMAS else "",
             _WITHHELD if name in ACTIVITY_READS else ""]
    text = "; ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]


ACTIONS: dict[str, dict] = {
    "tdpf_data_rate_show": {"required": ["id"], "result": _OBJECT},
    "tdpf_data_rate_summary": {"params": {"mine": {"type": "boolean"}}, "result": _OBJECT},
    "tdpf_data_rate_check": {"required": ["id"], "result": _OBJECT},
    "tdpf_prepare_propose": {"required": ["id"], "result": _OBJECT},
    "tdpf_prepare_apply": {"required": ["id", "recipe"], "result": _OBJECT,
                           "params": {"recipe": {"type": "object"}}},
    "tdpf_prepare_publish": {"required": ["id"], "result": _OBJECT,
                             "params": {"recipe": {"type": "object"},
                                        "tdpf_warranty_attestation": {"type": "object"}}},
    **{name: {"note": _note(name)} for name in (*_NOTES, *gates.SCHEMAS, *ACTIVITY_READS)},
}
ACTIONS["package_search"]["params"] = _SEARCH_PARAMS
for _name, _summary in _JA.items():
    ACTIONS.setdefault(_name, {})["ja"] = _summary
