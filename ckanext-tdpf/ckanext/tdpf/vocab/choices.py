"""Value lists of the TDPF metadata schema.

Each list is ``(value, ja, en)``. Values of our own fields are stable ASCII
keys (URLs, facets and the API use them); CADDE 4.0 fields keep CADDE's
Japanese values exactly, so datasets join DATA-EX without mapping."""
from __future__ import annotations

Choice = tuple[str, str, str]

PROVIDER_TYPES: list[Choice] = [
    ("tokyo", "東京都", "Tokyo Metropolitan Government"),
    ("municipality", "区市町村", "Municipality"),
    ("national", "国", "National government"),
    ("public_body", "公的機関", "Public body"),
    ("company", "民間企業", "Company"),
    ("academic", "大学・研究機関", "University / research institute"),
    ("npo", "NPO", "NPO"),
    ("individual", "個人", "Individual"),
]

# The 17 categories of data.go.jp / e-Gov data portal.
THEMES: list[Choice] = [
    ("land_weather", "国土・気象", "Land and weather"),
    ("population", "人口・世帯", "Population and households"),
    ("labour", "労働・賃金", "Labour and wages"),
    ("agriculture", "農林水産業", "Agriculture, forestry and fisheries"),
    ("mining_industry", "鉱工業", "Mining and manufacturing"),
    ("commerce", "商業・サービス業", "Commerce and services"),
    ("economy", "企業・家計・経済", "Business, households and economy"),
    ("housing", "住宅・土地・建設", "Housing, land and construction"),
    ("energy", "エネルギー・水", "Energy and water"),
    ("transport_tourism", "運輸・観光", "Transport and tourism"),
    ("ict_science", "情報通信・科学技術", "ICT, science and technology"),
    ("education_culture", "教育・文化・スポーツ・生活",
     "Education, culture, sports and life"),
    ("government", "行財政", "Government and public finance"),
    ("justice_environment", "司法・安全・環境",
     "Justice, safety and environment"),
    ("social_security", "社会保障・衛生", "Social security and health"),
    ("international", "国際", "International"),
    ("other", "その他", "Other"),
]

FOCUS_AREAS: list[Choice] = [
    ("disaster", "防災", "Disaster prevention"),
    ("urban", "まちづくり", "Urban development"),
    ("other", "その他", "Other"),
]

# 自治体標準オープンデータセット (Digital Agency) and their focus area.
STANDARD_DATASETS: list[Choice] = [
    ("public_facility", "公共施設一覧", "Public facilities"),
    ("cultural_property", "文化財一覧", "Cultural properties"),
    ("evacuation_site", "指定緊急避難場所一覧", "Designated emergency evacuation sites"),
    ("shelter", "避難所一覧", "Evacuation shelters"),
    ("population", "地域・年齢別人口", "Population by area and age"),
    ("childcare", "子育て施設一覧", "Childcare facilities"),
    ("open_data_list", "オープンデータ一覧", "Open data list"),
    ("aed", "AED設置箇所一覧", "AED locations"),
    ("care_service", "介護サービス事業所一覧", "Care service providers"),
    ("medical", "医療機関一覧", "Medical institutions"),
    ("tourism", "観光施設一覧", "Tourist facilities"),
    ("event", "イベント一覧", "Events"),
    ("wifi", "公衆無線LANアクセスポイント一覧", "Public Wi-Fi access points"),
    ("toilet", "公衆トイレ一覧", "Public toilets"),
    ("fire_water", "消防水利施設一覧", "Fire-fighting water supply"),
    ("school_lunch", "学校給食献立情報", "School lunch menus"),
    ("food_business", "食品等営業許可・届出一覧", "Food business permits"),
    ("procurement", "調達情報", "Procurement"),
]

# EU frequency vocabulary (authority table "frequency").
FREQUENCIES: list[Choice] = [
    ("CONT", "随時（連続）", "Continuous"),
    ("DAILY", "毎日", "Daily"),
    ("WEEKLY", "毎週", "Weekly"),
    ("MONTHLY", "毎月", "Monthly"),
    ("QUARTERLY", "四半期ごと", "Quarterly"),
    ("ANNUAL_2", "半年ごと", "Semiannual"),
    ("ANNUAL", "毎年", "Annual"),
    ("BIENNIAL", "隔年", "Biennial"),
    ("IRREG", "不定期", "Irregular"),
    ("NEVER", "更新なし", "Never"),
    ("UNKNOWN", "不明", "Unknown"),
]

# EU language vocabulary (authority table "language").
LANGUAGES: list[Choice] = [
    ("JPN", "日本語", "Japanese"),
    ("ENG", "英語", "English"),
    ("ZHO", "中国語", "Chinese"),
    ("KOR", "韓国語", "Korean"),
]

ACCESS_RIGHTS: list[Choice] = [
    ("PUBLIC", "公開", "Public"),
    ("RESTRICTED", "制限付き公開", "Restricted"),
    ("NON_PUBLIC", "非公開", "Non-public"),
]

ENCODINGS: list[Choice] = [
    ("UTF-8", "UTF-8", "UTF-8"),
    ("UTF-8-BOM", "UTF-8（BOM付き）", "UTF-8 with BOM"),
    ("Shift_JIS", "Shift_JIS", "Shift_JIS"),
    ("CP932", "CP932（Windows-31J）", "CP932 (Windows-31J)"),
    ("EUC-JP", "EUC-JP", "EUC-JP"),
    ("ISO-2022-JP", "ISO-2022-JP", "ISO-2022-JP"),
]


# Distribution platform (market): usage conditions and member profiles.
ACCESS_LEVELS: list[Choice] = [
    ("open", "オープン（誰でも利用可）", "Open"),
    ("conditional", "条件付き（申請・承認が必要）", "Conditional (request and approval)"),
    ("paid", "有償（申請・承認と対価が必要）", "Paid (request, approval and fee)"),
]

FEE_UNITS: list[Choice] = [
    ("one_off", "一括", "One-off"),
    ("month", "月額", "Per month"),
    ("year", "年額", "Per year"),
    ("download", "ダウンロードごと", "Per download"),
]

MEMBER_TYPES: list[Choice] = [
    ("municipality", "自治体", "Municipality"),
    ("corporation", "法人", "Corporation"),
    ("individual", "個人", "Individual"),
]

MEMBER_TIERS: list[Choice] = [
    ("free", "無料会員", "Free member"),
    ("paid", "有料会員", "Paid member"),
]

APPROVAL_MODES: list[Choice] = [
    ("manual", "提供者が承認", "Approved by the provider"),
    ("auto", "条件を満たせば自動承認", "Automatic when the conditions are met"),
]


def _cadde(*values: str) -> list[Choice]:
    return [(v, v, v) for v in values]


# CADDE 4.0 catalog keys (values exactly as CADDE spells them). Fields that
# allow "その他" accept "その他(自由記述)" too; see validators.cadde_choice.
CADDE: dict[str, list[Choice]] = {
    "fee": _cadde("有償", "無償"),
    "trading_policy_contract_type": _cadde("譲渡", "利用許諾", "共同利用"),
    "trading_policy_nda": _cadde("求める", "求めない"),
    "trading_policy_use_application": _cadde(
        "商用", "研究", "教育", "公共", "医業利用", "制限なし", "個別調整", "その他"),
    "scope_of_disclosure": _cadde(
        "制限なし", "担当者限り", "自部門", "自社", "グループ会社", "個別相談", "その他"),
    "terms_of_use_permissible_region": _cadde("制限なし", "日本", "その他"),
    "privacy_policy_contains_personal_data": _cadde(
        "非個人情報", "個人情報(要配慮個人情報を含む)", "個人情報(要配慮個人情報を含まない)",
        "匿名加工情報", "仮名加工情報", "非識別加工情報"),
    "warranty_express_warranty": _cadde(
        "特になし", "本人同意が得られている", "測定機器が公的検定を受けている",
        "第三者DB著作物ライセンスクリア", "その他"),
    "warranty_legal_compliance": _cadde("日本", "その他"),
}

LISTS: dict[str, list[Choice]] = {
    "provider_type": PROVIDER_TYPES,
    "theme": THEMES,
    "focus_area": FOCUS_AREAS,
    "standard_dataset": STANDARD_DATASETS,
    "frequency": FREQUENCIES,
    "language": LANGUAGES,
    "access_rights": ACCESS_RIGHTS,
    "character_encoding": ENCODINGS,
    "access_level": ACCESS_LEVELS,
    "fee_unit": FEE_UNITS,
    "member_type": MEMBER_TYPES,
    "member_tier": MEMBER_TIERS,
    "eligible_member_types": MEMBER_TYPES,
    "eligible_tiers": MEMBER_TIERS,
    "approval_mode": APPROVAL_MODES,
    **CADDE,
}


def scheming_choices(name: str) -> list[dict]:
    """A list in ckanext-scheming's shape, labels in both languages."""
    return [{"value": v, "label": {"ja": ja, "en": en}} for v, ja, en in LISTS[name]]


def label(name: str, value: str, lang: str = "ja") -> str:
    """Display label of a stored value (the value itself when unknown)."""
    for v, ja, en in LISTS.get(name, ()):
        if v == value:
            return ja if lang == "ja" else en
    return value
