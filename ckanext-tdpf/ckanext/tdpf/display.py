"""How a dataset's fields are shown on its page: grouped in sections, empty
ones left out, CADDE usage conditions explained in plain words.

The schema stays the one source of field names and labels: a schema field
that no section names still appears, under "Other information"."""
from __future__ import annotations

import contextlib
import json
from typing import Any

import ckan.plugins.toolkit as tk

from .keys import CADDE_KEYS, PROVENANCE_KEYS

_ = tk._

# (section id, heading msgid, field names) in page order.
SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("about", "About this data", (
        "provider_type", "standard_dataset", "theme", "focus_area", "url",
        "version", "language")),
    ("coverage", "Coverage", (
        "municipality_codes", "temporal_start", "temporal_end", "frequency",
        "spatial", "access_rights")),
    ("contact", "Contact", ("maintainer", "maintainer_email")),
    ("conditions", "Conditions of use", CADDE_KEYS),
    ("provenance", "Provenance", PROVENANCE_KEYS),
]

# Shown elsewhere on the page (heading, description, tags, licence box).
_ELSEWHERE = {"id", "title", "name", "notes", "tag_string", "license_id", "owner_org",
              "auto_classified", "auto_confirmed"}  # badges beside the fields they name

# CADDE usage conditions as a question a reader asks (ja, en), and each
# stored value as its plain answer (ja, en). Values missing here are shown
# as stored ("その他(自由記述)" keeps its free text).
CADDE_QUESTIONS: dict[str, tuple[str, str]] = {
    "fee": ("料金はかかりますか", "Is there a fee?"),
    "pricing_price_range": ("価格の目安", "Price range"),
    "pricing_notices_of_price": ("価格についての注意", "Notes on price"),
    "sales_info_url": ("購入方法の案内", "How to buy"),
    "trading_policy_contract_type": ("どのような契約になりますか", "What kind of contract?"),
    "trading_policy_nda": ("秘密保持契約（NDA）は必要ですか", "Is an NDA required?"),
    "trading_policy_use_application": ("どの用途に使えますか", "Which uses are allowed?"),
    "scope_of_disclosure": ("データを見せてよい範囲", "Who may see the data?"),
    "terms_of_use_permissible_region": ("どの地域で使えますか", "Where may it be used?"),
    "terms_of_use_notices": ("利用にあたっての注意", "Notes on use"),
    "privacy_policy_contains_personal_data": ("個人情報を含みますか",
                                              "Does it contain personal data?"),
    "warranty_express_warranty": ("提供者が保証していること", "What the provider warrants"),
    "warranty_legal_compliance": ("準拠する法律", "Governing law"),
    "usage_license_period": ("いつまで使えますか", "For how long may it be used?"),
    "haspolicy_url": ("機械可読な利用ポリシー（ODRL）", "Machine-readable policy (ODRL)"),
}

CADDE_ANSWERS: dict[str, tuple[str, str]] = {
    "有償": ("有償です（料金がかかります）", "Yes, it is paid data"),
    "無償": ("無償です（料金はかかりません）", "No, it is free of charge"),
    "譲渡": ("譲渡（データそのものの権利が移ります）", "Transfer of the data's rights"),
    "利用許諾": ("利用許諾（使う権利を許諾されます）", "Licence to use"),
    "共同利用": ("共同利用（提供者と共同で使います）", "Joint use with the provider"),
    "求める": ("必要です", "Yes"),
    "求めない": ("不要です", "No"),
    "商用": ("商用", "Commercial"),
    "研究": ("研究", "Research"),
    "教育": ("教育", "Education"),
    "公共": ("公共目的", "Public purposes"),
    "医業利用": ("医療での利用", "Medical use"),
    "制限なし": ("制限はありません", "No restriction"),
    "個別調整": ("個別に相談して決めます", "Agreed case by case"),
    "担当者限り": ("担当者のみ", "The person in charge only"),
    "自部門": ("利用者の部門内", "The user's department"),
    "自社": ("利用者の組織内", "The user's organisation"),
    "グループ会社": ("グループ会社まで", "Group companies"),
    "個別相談": ("個別に相談して決めます", "Agreed case by case"),
    "日本": ("日本国内", "Japan"),
    "非個人情報": ("含みません", "No"),
    "個人情報(要配慮個人情報を含む)": ("含みます（要配慮個人情報を含む）",
                                   "Yes, including sensitive personal data"),
    "個人情報(要配慮個人情報を含まない)": ("含みます（要配慮個人情報は含まない）",
                                    "Yes, without sensitive personal data"),
    "匿名加工情報": ("匿名加工情報です（本人を特定できないよう加工済み）",
               "Anonymised data"),
    "仮名加工情報": ("仮名加工情報です（他の情報と照合しない限り本人を特定できない）",
               "Pseudonymised data"),
    "非識別加工情報": ("非識別加工情報です（行政機関が加工したもの）",
                "De-identified data (public sector)"),
    "特になし": ("特にありません", "Nothing in particular"),
    "本人同意が得られている": ("本人の同意を得ています", "Consent of the persons concerned"),
    "測定機器が公的検定を受けている": ("測定機器は公的な検定を受けています",
                          "Measuring devices are officially certified"),
    "第三者DB著作物ライセンスクリア": ("第三者のデータベースの権利処理は済んでいます",
                           "Third-party database rights are cleared"),
}

# Answers that depend on the question ("日本" as a region vs as the law).
FIELD_ANSWERS: dict[tuple[str, str], tuple[str, str]] = {
    ("warranty_legal_compliance", "日本"): ("日本の法律", "Japanese law"),
}

_UNITS = {"day": ("日", "day(s)"), "month": ("か月", "month(s)"), "year": ("年", "year(s)")}
_REFERENCE = {"purchasedDay": ("購入日", "the purchase date"),
              "contractDay": ("契約日", "the contract date")}


def is_empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def sections(pkg: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Non-empty sections: ``{"id", "title", "fields": [schema field, ...]}``
    with only the fields that have a value. Provenance is always there: the
    page adds the publisher and the catalog dates to it."""
    by_name = {f["field_name"]: f for f in schema.get("dataset_fields", [])}
    named = {n for _id, _t, names in SECTIONS for n in names}
    extra = [n for n in by_name if n not in named and n not in _ELSEWHERE]
    result = []
    for sid, title, names in [*SECTIONS, ("other", "Other information", tuple(extra))]:
        fields = [by_name[n] for n in names
                  if n in by_name and not is_empty(pkg.get(n))]
        if fields or sid == "provenance":
            result.append({"id": sid, "title": _(title), "fields": fields})
    return result


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def cadde_question(field_name: str, lang: str) -> str | None:
    pair = CADDE_QUESTIONS.get(field_name)
    return _pick(pair, lang) if pair else None


def cadde_answer(field_name: str, value: Any, lang: str) -> str:
    """Plain text of a stored usage condition."""
    if field_name == "usage_license_period":
        return usage_period(value, lang)
    if isinstance(value, str) and value.startswith("["):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, list):
        sep = ", " if lang == "en" else "、"
        return sep.join(cadde_answer(field_name, v, lang) for v in value)
    value = str(value)
    pair = FIELD_ANSWERS.get((field_name, value)) or CADDE_ANSWERS.get(value)
    return _pick(pair, lang) if pair else value


def usage_period(value: Any, lang: str) -> str:
    """CADDE's usage_license_period in words: 「購入日から1年間」."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if not isinstance(value, dict):
        return str(value)
    period = value.get("period") or {}
    if value.get("expirationPeriodType") == "period" and period.get("value"):
        unit = _UNITS.get(period.get("unit", ""), (period.get("unit", ""),) * 2)
        reference = period.get("referenceDate", "")
        ref = _REFERENCE.get(reference, (reference,) * 2)
        if lang == "en":
            return f"{period['value']} {unit[1]} from {ref[1]}"
        return f"{ref[0]}から{period['value']}{unit[0]}間"
    if value.get("expirationPeriodType") in ("unlimited", "none"):
        return "No time limit" if lang == "en" else "期限はありません"
    return json.dumps(value, ensure_ascii=False)
