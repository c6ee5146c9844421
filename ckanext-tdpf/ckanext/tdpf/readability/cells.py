"""Tests on single values used by the rules (the agency's checker's
conditions, rewritten): layout spaces, several data in a cell,
platform-dependent characters, numbers with text, time notations, region
names. Each starts with a cheap test so the common value costs little."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

from .layout import MISSING, is_numeric_string

# ---- L1-06 spaces and line breaks for layout
ADDRESS_HEADER = re.compile(
    r"(住所|所在地|address|addr|勤務地|居所|連絡先住所|本籍|現住所|送付先)", re.I
)
_CONSECUTIVE = re.compile(r"[ \u3000]{2,}")
_SEMANTIC = (
    re.compile(r"^[ア-ンa-zａ-ｚ①-⑳（\(][）\)]?\u3000"),
    re.compile(r"^※\d*\u3000"),
    re.compile(r"^第[０-９0-9一二三四五六七八九十]+\u3000"),
    re.compile(r"^\u3000+〃$"),
    re.compile(r"^\u3000+[○●・◯]\u3000?"),
    re.compile(r"^(\[.+?\])\u3000?[0-9０-９]|^[\u2160-\u217F][．.]\u3000?|^[0-9０-９]+[．.]\u3000"),
    re.compile(r"^\u3000{2,}[0-9０-９]+[．.]"),
)
_UNIT_EXPR = re.compile(r"\([A-Za-z]\)/\([A-Za-z]\)\u3000")


def _semantic_space(v: str) -> bool:
    return any(p.match(v) for p in _SEMANTIC) or bool(_UNIT_EXPR.search(v))


def layout_space(v: str, address: bool) -> str | None:
    """Why the value has spaces/line breaks for layout, or None."""
    if not (
        v[0].isspace() or v[-1].isspace() or "\u3000" in v or "  " in v or "\n" in v or "\r" in v
    ):
        return None
    issues = []
    check = v.rstrip("\n")
    if check != check.strip() and not _semantic_space(v):
        issues.append("先頭または末尾に空白")
    if not address and "\u3000" in v and not _semantic_space(v):
        issues.append("全角スペース")
    if not address and _CONSECUTIVE.search(v.strip()) and not _semantic_space(v):
        issues.append("連続するスペース")
    content = v.rstrip("\r\n")
    if ("\n" in content or "\r" in content) and sum(c.isspace() for c in v) / max(len(v), 1) > 0.10:
        issues.append("体裁目的の改行")
    return "、".join(issues) or None


# ---- L1-07 one datum per cell
_MULTI_ITEM = re.compile(r"(?<!\d),(?!\d)")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$")
_PAREN_SEG = re.compile(r"（[^）]*）")
_TWO_METRICS = re.compile(r"^\s*\d+（\d+）\s*$")
_SPACES = re.compile(r"\s+")


def several_data(v: str) -> tuple[str | None, bool]:  # noqa: PLR0911 - one test per kind of value, in the agency's order
    """(why the cell holds several data, or None; True when that depends on
    the column not being numeric)."""
    if not ("\n" in v or "（" in v or "、" in v or "・" in v or "," in v):
        return None, False
    if "\n" in v and sum(1 for line in v.split("\n") if line.strip()) >= 2:
        return "セル内改行による複数データ", False
    if _TWO_METRICS.match(v):
        return "全角括弧内に別数値", False
    if v.count("、") >= 2:
        return "読点（、）による列挙", False
    if v.count("・") >= 2:
        return "中黒（・）による列挙", False
    if _MULTI_ITEM.search(v) and not _THOUSANDS.fullmatch(v.strip()):
        return "カンマ区切りによる複数データ", False
    compact = _PAREN_SEG.sub("", _SPACES.sub("", v))
    if "," in compact and not _THOUSANDS.fullmatch(compact):
        return "カンマ区切りによる複数データ", True
    return None, False


# ---- L1-08 platform-dependent characters (failing only in Shift_JIS files)
_UNIT_SYMBOLS = frozenset("㎡㎥㎢㎠㎝㎞㎜㎏㎎㎍㎅㎄㎃㎖㎗㎘㏄㏊")
_ROMAN_CODE = re.compile(r"^[Ⅰ-ⅿ][ー－\-][０-９0-9]+$")


_DEPENDENT = re.compile(
    "[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2160-\u217f\u3220-\u3243"
    "\u3280-\u33ff\ufe30-\ufe4f\u301c\uff5e]"
)


def platform_chars(v: str) -> str | None:
    found = [ch for ch in _DEPENDENT.findall(v) if ch not in _UNIT_SYMBOLS]
    if not found:
        return None
    if _ROMAN_CODE.match(v.strip()) and all(0x2160 <= ord(ch) <= 0x217F for ch in found):
        return None
    return "".join(dict.fromkeys(found))[:5]


# ---- column types (the agency's island detector's)
_DATE_STR = re.compile(r"^(\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[-/]\d{1,2}[-/]\d{4})$")


def value_type(v: Any) -> str:  # noqa: PLR0911 - one test per kind of value, in the agency's order
    if v is None:
        return "empty"
    if isinstance(v, (int, float)):
        return "numeric"
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return "date"
    if isinstance(v, str):
        s = v.strip()
        if not s or s in MISSING:
            return "empty"
        if s[0].isdigit() and ("-" in s or "/" in s) and _DATE_STR.match(s):
            return "date"
        if is_numeric_string(s):
            return "numeric"
    return "text"


def column_type(counts: dict[str, int]) -> str:
    non_empty = sum(n for k, n in counts.items() if k != "empty")
    if non_empty == 0:
        return "empty"
    for kind in ("numeric", "date", "text"):
        if counts.get(kind, 0) >= non_empty * 0.8:
            return kind
    return "mixed"


# ---- L2-01 numbers with text
_UNIT = re.compile(
    r"([\d,.]+)\s*(人|件|円|千円|百万円|億円|万|千|kg|km|m|g|t|ha|㎡|個|台|回|本|枚|箇所|か所|世帯|戸|社|校|棟|"
    r"隻|機|両|組|点|冊|食|泊|日|月|年|時間|分|秒|歳|才|度|号|丁目)$"
)
_PERCENT_UNIT = re.compile(r"([\d,.]+)\s*(%|％)$")
_NOTE_NUM = re.compile(r"^([\d,.]+)\s*[\(（].*[\)）]$")
_PURE_NUMERIC = re.compile(r"^[\s\-ー−▲△▼]*[\d,]+\.?\d*\s*$")
STRICT_NUMERIC = re.compile(r"^[\s\-ー−]*[\d,]+\.?\d*\s*$")
PURE_TEXT = re.compile(r"^[^\d]+$")
PERCENT_VALUE = re.compile(r"^[\s\-ー−▲△▼]*[\d,.]+\s*(%|％)\s*$")


def numeric_like(s: str) -> bool:
    return bool(
        _PURE_NUMERIC.match(s) or _UNIT.match(s) or _PERCENT_UNIT.match(s) or _NOTE_NUM.match(s)
    )


# ---- L2-04 choices written one way
_ANNOTATION = re.compile(r"(?<=\S)[\s　]*[※＊＃#（(「【].*$")


def normalise_choice(v: str) -> str:
    return _ANNOTATION.sub("", unicodedata.normalize("NFKC", v)).strip()


# ---- L3-04 units
UNIT_IN_HEADER = re.compile(
    r"[（(](人|件|円|千円|百万円|億円|万円|%|％|kg|km|m|cm|mm|g|t|ha|㎡|㎢|個|台|回|本|枚|箇所|か所|"
    r"世帯|戸|社|校|棟|隻|機|両|組|点|冊|食|泊|日|月|年|時間|分|秒|歳|才|度|kW|kWh|MW|GW|L|mL|dL)[）)]"
)
_IMPLIED = (
    "金額",
    "価格",
    "費用",
    "コスト",
    "売上",
    "収入",
    "支出",
    "人口",
    "人数",
    "従業員数",
    "利用者数",
    "面積",
    "距離",
    "長さ",
    "高さ",
    "幅",
    "重量",
    "重さ",
    "質量",
    "割合",
    "率",
    "比率",
    "構成比",
    "年齢",
    "年数",
    "温度",
    "気温",
)
_SUFFIXES = ("件数", "枚数", "回数", "か所数", "箇所数", "人数", "数")
_UNITLESS_JA = (
    "コード",
    "code",
    "番号",
    "No",
    "ID",
    "指数",
    "指標",
    "順位",
    "ランク",
    "フラグ",
    "区分",
)
_UNITLESS_EN = frozenset(
    [
        "id",
        "code",
        "key",
        "name",
        "type",
        "flag",
        "status",
        "index",
        "sort",
        "rank",
        "order",
        "level",
        "class",
        "year",
        "month",
        "date",
        "fiscal_year",
        "survey_year",
        "number",
        "count",
        "cnt",
        "num",
        "no",
        "row",
        "col",
        "seq",
        "version",
        "is",
        "has",
        "will",
        "can",
        "use",
    ]
)
UNIT_NUMERIC = re.compile(r"[\s\-ー−▲△]*[\d,]+\.?\d*\s*")


def header_has_unit(h: str) -> bool:
    if UNIT_IN_HEADER.search(h) or any(k in h for k in _IMPLIED) or h.endswith(_SUFFIXES):
        return True
    if any(k in h for k in _UNITLESS_JA) or h.isdigit():
        return True
    return bool(set(h.lower().replace("-", "_").split("_")) & _UNITLESS_EN)


# ---- L3-05 time notation
_WAREKI = re.compile(r"(明治|大正|昭和|平成|令和|M|T|S|H|R)\s*(\d{1,2})\s*(年|\.|-|/)")
_SEIREKI = re.compile(r"(19|20)\d{2}\s*(年|/|-|\.)")
_NENDO = re.compile(r"(19|20)\d{2}\s*年度")
_ESTAT = re.compile(
    r"^(19|20)\d{2}(年\d{1,2}月(\d{1,2}日)?|/\d{1,2}(/\d{1,2})?|-\d{1,2}(-\d{1,2})?)$"
)
ISO8601 = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
JIS_WAREKI = re.compile(r"^[MTSHR]\d{1,2}\.\d{1,2}\.\d{1,2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
WAREKI_HEADER = re.compile(r"(明治|大正|昭和|平成|令和|M|T|S|H|R)\s*(\d{1,2})\s*(年|\.|-|/)")
_NONSTANDARD = (
    re.compile(r"^\d{2}/\d{1,2}/\d{1,2}$"),
    re.compile(r"^(明治|大正|昭和|平成|令和)\d{1,2}$"),
)
TIME_HEADER = re.compile(
    r"(年|月|日|年度|時期|期間|期日|日付|日時|時点|年月|調査時点|対象期間|date|year|month|period)",
    re.I,
)
BAD_TIME = frozenset({"wareki", "nonstandard"})


def time_format(v: str) -> str | None:  # noqa: PLR0911 - one test per kind of value, in the agency's order
    if JIS_WAREKI.match(v):
        return "jis_wareki"
    if ISO8601.match(v):
        return "iso8601_datetime" if "T" in v else "iso8601_date"
    if _WAREKI.search(v):
        return "wareki"
    if any(p.match(v) for p in _NONSTANDARD):
        return "nonstandard"
    if _NENDO.match(v):
        return "nendo"
    if _ESTAT.match(v):
        return "estat_kanji" if "年" in v else "estat_slash" if "/" in v else "estat_hyphen"
    if _SEIREKI.match(v):
        return "seireki_other"
    return None


# ---- L3-06 region names (from the core's municipality code table)
REGION_HEADER = re.compile(
    r"(都道府県|地域|地区|市区町村|自治体|所在地|住所|県|府|市|町|村|region|prefecture|city|"
    r"address|地域コード|団体コード)",
    re.I,
)


@functools.lru_cache(maxsize=1)
def regions() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(prefecture names, their short forms, municipality names, their
    short forms without 市/区/町/村)."""
    from ..vocab import municipality

    prefs: set[str] = set()
    munis: set[str] = set()
    for row in municipality.table().values():
        (prefs if row["name"] == row["pref"] else munis).add(row["name"])
    shorts = {p[:-1] for p in prefs if p[-1] in "都府県"} | {"北海道"}
    aliases = {m[:-1] for m in munis if m[-1] in "市区町村" and len(m) >= 3}
    return frozenset(prefs), frozenset(shorts), frozenset(munis), frozenset(aliases)


_MARKERS = frozenset({"〃", "同上", "同左", "同右", "〇", "仝", "ヽ", "々"})


@functools.lru_cache(maxsize=65536)
def facts(v: str) -> tuple:
    """Everything the rules ask of one text value, computed once per
    distinct value: (stripped, type, numeric-like, percent, L2-01
    candidate, layout spaces, layout spaces in an address column, several
    data, depends on the column, platform characters, abbreviation
    marker, region class (0 none, 1 short prefecture, 2 short
    municipality, 3 official name), looks like a region)."""
    s = v.strip()
    kind = value_type(v)
    if kind == "numeric" and s[0] != "+":
        # a plain number: numeric-like, no unit, nothing else to look for
        numlike, pct, cand = True, False, False
    else:
        numlike = bool(s) and numeric_like(s)
        pct = bool(s) and bool(PERCENT_VALUE.match(s))
        cand = bool(s) and not STRICT_NUMERIC.match(s) and not PURE_TEXT.match(s)
    if v.isascii():
        several, depends = several_data(v) if "," in v or "\n" in v else (None, False)
        space = layout_space(v, False) if v else None
        return (
            s,
            kind,
            numlike,
            pct,
            cand,
            space,
            layout_space(v, True) if space else None,
            several,
            depends,
            None,
            False,
            0,
            False,
        )
    space = layout_space(v, False) if v else None
    space_addr = layout_space(v, True) if space else None
    several, depends = several_data(v) if v else (None, False)
    prefs, shorts, munis, aliases = regions()
    region = (
        1
        if s in shorts and s not in prefs
        else 2
        if s in aliases and s not in munis
        else 3
        if s in prefs or s in munis
        else 0
    )
    return (
        s,
        kind,
        numlike,
        pct,
        cand,
        space,
        space_addr,
        several,
        depends,
        platform_chars(v),
        s in _MARKERS,
        region,
        region > 0 or s in prefs,
    )
