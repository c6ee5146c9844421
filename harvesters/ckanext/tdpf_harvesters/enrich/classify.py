"""Theme (the 17 e-Gov categories), TDPF focus area and standard-dataset
type of a record from its own words: title, description, tags and the
names (and column names, where a source lists them) of its resources.

Rules and dictionaries, nothing fetched. The dictionaries hold the
vocabulary of each e-Gov category as the portal describes it and of the
standard datasets' names (デジタル庁「自治体標準オープンデータセット」). They
were written before measuring against data.go.jp's real groups, not from
those records' titles; bench/classify.py measures them on two halves of
those records (changes tried on the "dev" half made it worse and were
dropped: see bench/README.md).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# theme -> words. A word found in the title counts 3, in tags 2, in
# resource names or columns 1.5, in the description 1.
THEME_WORDS: dict[str, tuple[str, ...]] = {
    "land_weather": ("気象", "気温", "降水", "降雨", "天気", "地震", "津波", "火山", "地形",
                     "地質", "国土", "測量", "標高", "河川", "海岸", "海洋", "潮位", "地図",
                     "ハザードマップ", "浸水", "洪水", "土砂", "水位", "雨量", "台風", "気候",
                     "地理", "衛星"),
    "population": ("人口", "世帯", "出生", "死亡", "婚姻", "離婚", "国勢調査", "住民基本台帳",
                   "年齢別", "男女別", "転入", "転出", "人口動態"),
    "labour": ("労働", "賃金", "雇用", "就業", "失業", "求人", "求職", "労災", "給与", "働き方",
               "職業", "勤労", "ハローワーク", "最低賃金", "就職"),
    "agriculture": ("農業", "農林", "林業", "水産", "漁業", "漁港", "農地", "農産", "畜産", "森林",
                    "作物", "米", "野菜", "果樹", "家畜", "木材", "漁獲", "農家", "農村", "鳥獣"),
    "mining_industry": ("工業", "製造", "鉱業", "鉱工業", "工場", "生産動態", "鉱物", "化学物質",
                        "製品", "機械", "鉄鋼", "産業保安", "高圧ガス", "火薬"),
    "commerce": ("商業", "小売", "卸売", "サービス業", "商店", "事業所", "消費", "流通", "販売",
                 "店舗", "飲食", "営業許可", "取引", "特定商取引", "商品", "市場"),
    "economy": ("経済", "企業", "家計", "物価", "景気", "GDP", "国民経済", "県民経済", "金融",
                "融資", "決算", "所得", "産業連関", "中小企業", "賃料", "指数"),
    "housing": ("住宅", "土地", "建設", "建築", "地価", "道路", "都市計画", "公園", "用途地域",
                "空き家", "下水道", "区画", "不動産", "橋", "住まい", "まちづくり", "公衆トイレ",
                "開発", "工事"),
    "energy": ("エネルギー", "電力", "電気", "ガス", "石油", "水道", "水資源", "再生可能", "発電",
               "燃料", "省エネ", "太陽光", "ダム", "上水"),
    "transport_tourism": ("交通", "運輸", "観光", "鉄道", "バス", "航空", "空港", "港湾", "船舶",
                          "自動車", "駐車", "駐輪", "旅行", "宿泊", "ホテル", "道の駅", "乗降",
                          "停留所", "物流", "観光施設", "駅"),
    "ict_science": ("情報通信", "通信", "電波", "放送", "インターネット", "科学", "技術", "研究",
                    "特許", "IT", "ICT", "デジタル", "無線LAN", "Wi-Fi", "WiFi", "システム",
                    "ソフトウェア", "オープンデータ", "データ", "情報化", "サイバー", "宇宙"),
    "education_culture": ("教育", "学校", "文化", "スポーツ", "生活", "図書館", "文化財", "博物館",
                          "美術館", "体育", "生涯学習", "児童", "生徒", "学生", "給食", "芸術",
                          "祭り", "イベント", "公民館", "運動", "レクリエーション", "余暇"),
    "government": ("行政", "財政", "予算", "決算", "税", "選挙", "議会", "職員", "条例", "公共施設",
                   "庁舎", "施策", "計画", "調達", "入札", "契約", "統計", "白書", "手続", "規則",
                   "申請", "行財政", "会議", "審議会", "公文書", "要綱", "要領", "告示", "答申",
                   "委員会", "懇談会", "報告書"),
    "justice_environment": ("司法", "裁判", "犯罪", "警察", "安全", "防犯", "事故", "環境",
                            "ごみ", "廃棄物", "リサイクル", "大気", "水質", "騒音", "温室効果",
                            "二酸化炭素", "CO2", "汚染", "生物多様性", "自然", "防災", "避難",
                            "消防", "火災", "災害", "危機管理", "法令", "法務", "人権", "公害",
                            "放射線", "放射性", "除染", "交通事故", "規制", "差別"),
    "social_security": ("社会保障", "福祉", "医療", "病院", "診療", "介護", "年金", "保険", "健康",
                        "衛生", "保健", "子育て", "保育", "障害", "高齢者", "生活保護", "感染",
                        "予防接種", "検診", "AED", "薬局", "食品衛生", "医薬品", "看護", "こども"),
    "international": ("国際", "外国", "海外", "輸出", "輸入", "貿易", "為替", "外国人", "在留",
                      "大使館", "ODA", "条約", "国別", "留学"),
}

# standard dataset -> (words of its name, theme, focus area). The first
# word found in the title decides (descriptions mention neighbours: 「避難所
# の近くのAED」).
STANDARD_RULES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("evacuation_site", ("指定緊急避難場所", "緊急避難場所", "避難場所"), "justice_environment",
     "disaster"),
    ("shelter", ("避難所",), "justice_environment", "disaster"),
    ("aed", ("AED",), "social_security", "disaster"),
    ("fire_water", ("消防水利", "消火栓", "防火水槽"), "justice_environment", "disaster"),
    ("cultural_property", ("文化財",), "education_culture", "other"),
    ("childcare", ("子育て施設", "保育所", "保育園", "幼稚園", "認定こども園", "児童館"),
     "social_security", "other"),
    ("care_service", ("介護サービス", "介護事業所", "介護施設"), "social_security", "other"),
    ("medical", ("医療機関", "病院", "診療所", "薬局"), "social_security", "other"),
    ("tourism", ("観光施設", "観光スポット", "観光地"), "transport_tourism", "urban"),
    ("event", ("イベント",), "education_culture", "other"),
    ("wifi", ("公衆無線LAN", "無線LAN", "Wi-Fi", "WiFi", "フリーWi"), "ict_science", "urban"),
    ("toilet", ("公衆トイレ", "トイレ"), "housing", "urban"),
    ("school_lunch", ("給食",), "education_culture", "other"),
    ("food_business", ("食品等営業許可", "営業許可", "食品営業"), "commerce", "other"),
    ("procurement", ("調達情報", "入札情報", "入札結果"), "government", "other"),
    ("open_data_list", ("オープンデータ一覧", "データセット一覧"), "ict_science", "other"),
    ("population", ("地域・年齢別人口", "年齢別人口", "町丁別人口", "人口統計", "住民基本台帳人口"),
     "population", "urban"),
    ("public_facility", ("公共施設",), "government", "urban"),
)

_DISASTER = ("防災", "災害", "避難", "地震", "津波", "洪水", "浸水", "土砂", "ハザード", "台風",
             "震災", "減災", "危機管理", "備蓄", "消防", "火災", "噴火", "液状化")
_URBAN = ("まちづくり", "都市計画", "用途地域", "再開発", "公園", "道路", "交通", "人流",
          "駐車", "駐輪", "バス", "鉄道", "景観", "空き家", "区画整理", "公共施設", "地価",
          "建築", "住宅", "人口")

_WEIGHTS = {"title": 3.0, "tags": 2.0, "resources": 1.5, "notes": 1.0}
# a second theme when it scores at least this share of the best
_SECOND = 0.75


@dataclass(frozen=True)
class Classification:
    theme: tuple[str, ...]
    focus_area: tuple[str, ...]
    standard_dataset: str


def _norm(text) -> str:
    return unicodedata.normalize("NFKC", text if isinstance(text, str) else "")


def texts(pkg: dict, remote: dict | None = None) -> dict[str, str]:
    """The record's words by where they stand (TDPF dict; ``remote`` adds
    resource column names a source lists)."""
    resources = [" ".join([_norm(r.get("name")), _norm(r.get("description"))])
                 for r in pkg.get("resources") or []]
    for r in (remote or {}).get("resources") or []:
        fields = r.get("fields") or (r.get("schema") or {}).get("fields") \
            if isinstance(r, dict) else None
        if isinstance(fields, list):
            resources += [_norm(f.get("id") or f.get("name")) if isinstance(f, dict)
                          else _norm(f) for f in fields]
    return {"title": _norm(pkg.get("title")), "notes": _norm(pkg.get("notes"))[:2000],
            "tags": " ".join(_norm(t.get("name") if isinstance(t, dict) else t)
                             for t in pkg.get("tags") or []),
            "resources": " ".join(resources)[:2000]}


@functools.lru_cache(maxsize=1)
def _theme_patterns() -> dict[str, re.Pattern]:
    # ASCII words stand alone ("IT" is not in "WITH"); Japanese ones do not
    def one(word: str) -> str:
        w = re.escape(word)
        return rf"(?<![A-Za-z]){w}(?![A-Za-z])" if word.isascii() else w
    return {theme: re.compile("|".join(one(w) for w in sorted(words, key=len, reverse=True)))
            for theme, words in THEME_WORDS.items()}


def theme_scores(parts: dict[str, str]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for theme, pattern in _theme_patterns().items():
        score = sum(_WEIGHTS[k] * len(pattern.findall(v)) for k, v in parts.items() if v)
        if score:
            scores[theme] = score
    return scores


def standard_of(parts: dict[str, str]) -> tuple[str, str, str] | None:
    """(standard dataset, its theme, its focus area) named in the title
    (else the tags or resource names)."""
    for where in ("title", "tags", "resources"):
        text = parts[where]
        hits = [(text.find(w), value, theme, focus) for value, words, theme, focus
                in STANDARD_RULES for w in words if w in text]
        if hits:
            _, value, theme, focus = min(hits)
            return value, theme, focus
    return None


def classify(pkg: dict, remote: dict | None = None) -> Classification:
    parts = texts(pkg, remote)
    standard = standard_of(parts)
    scores = theme_scores(parts)
    if standard:
        themes = [standard[1]]
    elif scores:
        best = max(scores.values())
        ranked = sorted(scores, key=lambda t: (-scores[t], t))
        themes = [t for t in ranked[:2] if scores[t] >= best * _SECOND]
    else:
        themes = ["other"]
    everything = " ".join(parts.values())
    focus = [f for f, words in (("disaster", _DISASTER), ("urban", _URBAN))
             if any(w in everything for w in words)]
    if standard and standard[2] not in focus and standard[2] != "other":
        focus.insert(0, standard[2])
    return Classification(tuple(themes), tuple(focus) or ("other",),
                          standard[0] if standard else "")
