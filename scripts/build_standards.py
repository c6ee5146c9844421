"""Build ckanext/tdpf/standards/schemas/*.json (Frictionless Table Schemas)
from the standard-dataset definitions in the shared real-data folder.

    .venv/bin/python scripts/build_standards.py [../shared/realdata/standard-dataset-definitions]

The realdata folder holds the v1 definitions (推奨データセット, FIWARE
models): their fields, types and required fields become one schema per
dataset ("<id>-v1.json"). The current format (全国地方公共団体コード, ID,
所在地_連結表記 ...) is not in that folder; its column lists for AED,
public toilets, public Wi-Fi and designated evacuation spaces are written
below as facts of the standard, and become "<id>-current.json". Runtime
reads only the generated files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ckanext-tdpf" / "ckanext" / "tdpf" / "standards" / "schemas"
DEFAULT_SRC = ROOT.parent / "shared" / "realdata" / "standard-dataset-definitions"

# folder number -> (our id, English title)
IDS = {
    "01": ("aed", "AED locations"),
    "02": ("care_service", "Care service providers"),
    "03": ("medical_institution", "Medical institutions"),
    "04": ("cultural_property", "Cultural properties"),
    "05": ("tourist_facility", "Tourist facilities"),
    "06": ("event", "Events"),
    "07": ("public_wifi", "Public wireless LAN access points"),
    "08": ("public_toilet", "Public toilets"),
    "09": ("fire_water", "Fire-fighting water sources"),
    "10": ("evacuation_space", "Designated emergency evacuation spaces"),
    "11": ("population", "Population by area and age"),
    "12": ("public_facility", "Public facilities"),
    "13": ("childcare_facility", "Childcare facilities"),
    "14": ("open_data_list", "Open data list"),
}

CODE_FIELDS = {
    "全国地方公共団体コード",
    "所在地_全国地方公共団体コード",
    "市区町村コード",
    "都道府県コード又は市区町村コード",
}
# the same column under another name, in either direction (our reading of the
# wording differences seen in municipal files)
ALIASES = {
    "NO": ["ID", "No", "No.", "番号", "通し番号"],
    "ID": ["NO", "No", "番号"],
    "住所": ["所在地_連結表記", "所在地", "住所（連結表記）"],
    "所在地_連結表記": ["住所", "所在地"],
    "方書": ["建物名等(方書)", "建物名等（方書）"],
    "建物名等(方書)": ["方書", "建物名等（方書）"],
    "名称_英語": ["名称_英字", "名称（英語）"],
    "名称_英字": ["名称_英語"],
    "都道府県コード又は市区町村コード": [
        "全国地方公共団体コード",
        "地方公共団体コード",
        "市区町村コード",
    ],
    "全国地方公共団体コード": ["都道府県コード又は市区町村コード", "地方公共団体コード"],
    "名称": ["施設名", "施設名称", "名前"],
    "名称_カナ": ["名称（カナ）", "施設名カナ", "ふりがな", "フリガナ"],
    "緯度": ["latitude", "lat"],
    "経度": ["longitude", "lon", "lng"],
    "多機能トイレ数": ["バリアフリートイレ数"],
    "バリアフリートイレ数": ["多機能トイレ数"],
    "高度の値": ["標高"],
    "標高": ["高度の値"],
}

LISTS = {"高度の種別", "高度の値"}

_ADDRESS = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "名称",
    "名称_カナ",
    "名称_英字",
    "所在地_全国地方公共団体コード",
    "町字ID",
    "所在地_連結表記",
    "所在地_都道府県",
    "所在地_市区町村",
    "所在地_町字",
    "所在地_番地以下",
    "建物名等(方書)",
    "緯度",
    "経度",
]
_CONTACT = [
    "電話番号",
    "内線番号",
    "連絡先メールアドレス",
    "連絡先FormURL",
    "連絡先備考（その他、SNSなど）",
    "郵便番号",
]
CURRENT = {
    "aed": (
        _ADDRESS
        + ["高度の種別", "高度の値", "設置位置"]
        + _CONTACT
        + [
            "法人番号",
            "団体名",
            "利用可能曜日",
            "開始時間",
            "終了時間",
            "利用可能日時特記事項",
            "小児対応設備の有無",
            "URL",
            "画像1",
            "画像1_ライセンス",
            "画像2",
            "画像2_ライセンス",
            "外部利用不可",
            "備考",
        ],
        ["全国地方公共団体コード", "ID", "名称", "所在地_連結表記", "緯度", "経度", "設置位置"],
    ),
    "public_toilet": (
        [c if c != "名称_英字" else "名称_英語" for c in _ADDRESS[:14]]
        + [
            "設置位置",
            "緯度",
            "経度",
            "高度の種別",
            "高度の値",
            "男性トイレ総数",
            "男性トイレ数（小便器）",
            "男性トイレ数（和式）",
            "男性トイレ数（洋式）",
            "女性トイレ総数",
            "女性トイレ数（和式）",
            "女性トイレ数（洋式）",
            "男女共用トイレ総数",
            "男女共用トイレ数（和式）",
            "男女共用トイレ数（洋式）",
            "バリアフリートイレ数",
            "車椅子使用者用トイレ有無",
            "乳幼児用設備設置トイレ有無",
            "オストメイト設置トイレ有無",
            "利用開始時間",
            "利用終了時間",
            "利用可能時間特記事項",
            "画像",
            "画像_ライセンス",
            "備考",
        ],
        ["全国地方公共団体コード", "ID", "名称", "所在地_連結表記", "緯度", "経度"],
    ),
    "public_wifi": (
        ["全国地方公共団体コード", "法人番号"]
        + [c if c != "名称_英字" else "名称_英語" for c in _ADDRESS[1:]]
        + ["設置者"]
        + _CONTACT
        + ["SSID", "提供エリア", "URL", "備考"],
        ["全国地方公共団体コード", "ID", "名称", "所在地_連結表記", "緯度", "経度", "SSID"],
    ),
    "evacuation_space": (
        [c for c in _ADDRESS if c != "地方公共団体名"]
        + ["標高"]
        + _CONTACT
        + [
            "市区町村コード",
            "地方公共団体名",
            "災害種別_洪水",
            "災害種別_崖崩れ、土石流及び地滑り",
            "災害種別_高潮",
            "災害種別_地震",
            "災害種別_津波",
            "災害種別_大規模な火事",
            "災害種別_内水氾濫",
            "災害種別_火山現象",
            "指定避難所との重複",
            "想定収容人数",
            "対象となる町会・自治会",
            "URL",
            "画像",
            "画像_ライセンス",
            "備考",
        ],
        ["全国地方公共団体コード", "ID", "名称", "所在地_連結表記", "緯度", "経度"],
    ),
}


def _type_of(name: str, spec: dict | None = None) -> tuple[str, str | None]:  # noqa: C901, PLR0911 - one answer per kind of column
    """Frictionless type (and format) of a column."""
    if name in CODE_FIELDS:
        return "string", "lgcode"
    if spec is not None:
        kind, fmt = spec.get("type"), spec.get("format")
        if kind == "number":
            return "number", None
        if fmt == "time":
            return "time", None
        if fmt == "date":
            return "date", None
        if fmt == "uri":
            return "string", "uri"
        return "string", None
    if name in ("緯度", "経度", "高度の値", "標高"):
        return "number", None
    if name.endswith(("時間",)) and ("開始" in name or "終了" in name):
        return "time", None
    if name == "URL":
        return "string", "uri"
    if (
        name.endswith(("総数", "）"))
        and "トイレ" in name
        or name in ("バリアフリートイレ数", "想定収容人数")
    ):
        return "integer", None
    return "string", None


def _field(name: str, required: bool, spec: dict | None = None) -> dict:
    kind, fmt = _type_of(name, spec)
    out: dict = {"name": name, "type": kind}
    if fmt and fmt != "lgcode":
        out["format"] = fmt
    if fmt == "lgcode":
        out["x-tdpf-check"] = "municipality-code"
    if name == "緯度":
        out["constraints"] = {"minimum": 20.0, "maximum": 46.0}
    elif name == "経度":
        out["constraints"] = {"minimum": 122.0, "maximum": 154.0}
    if required:
        out.setdefault("constraints", {})["required"] = True
    if spec and spec.get("description"):
        out["description"] = spec["description"]
    if name in ALIASES:
        out["x-tdpf-aliases"] = ALIASES[name]
    if name in LISTS:
        # one value per item of the place (several AEDs on several floors: "3;5;6")
        out["x-tdpf-separator"] = ";"
    return out


def build(src: Path) -> list[dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    index = []
    for model in sorted(src.glob("*/*/model.yaml")):
        number = model.parent.name[:2]
        if number not in IDS:
            continue
        std_id, title_en = IDS[number]
        data = yaml.safe_load(model.read_text(encoding="utf-8"))
        title, schema = next(iter(data["components"]["schemas"].items()))
        required = set(schema.get("required") or [])
        fields = [
            _field(name, name in required, spec)
            for name, spec in (schema.get("properties") or {}).items()
            if spec.get("type") != "object"
        ]
        versions = {
            "v1": {
                "fields": fields,
                "description": schema.get("description", ""),
                "x-tdpf-source": f"{model.parent.parent.name}/{model.parent.name}/model.yaml",
            }
        }
        if std_id in CURRENT:
            columns, must = CURRENT[std_id]
            versions["current"] = {
                "fields": [_field(c, c in must) for c in columns],
                "x-tdpf-source": "current 推奨データセット column list (build_standards.py)",
            }
        for version, table in versions.items():
            table = {
                "name": f"{std_id}-{version}",
                "title": title,
                "x-tdpf-title-en": title_en,
                "x-tdpf-standard": std_id,
                "x-tdpf-version": version,
                **table,
            }
            (OUT / f"{std_id}-{version}.json").write_text(
                json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        index.append(
            {"id": std_id, "title": title, "title_en": title_en, "versions": list(versions)}
        )
    (OUT / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return index


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC
    built = build(source)
    print(f"{len(built)} standards, {sum(len(b['versions']) for b in built)} schemas -> {OUT}")
