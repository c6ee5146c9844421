"""What personal data looks like: patterns, the 個人番号 check digit,
header vocabularies and masking. Pure functions, no CKAN.

Two kinds of evidence are combined by :mod:`.scanner`:

- *values*: 個人番号 (12 digits, valid check digit), phone numbers, email
  addresses and postal codes are found by one combined regular expression
  over each row;
- *headers*: a column is about people when its header names a person
  attribute (氏名, 生年月日, 個人番号 ...); the scanner then checks that its
  values look like that (names, dates), so a header alone never reports.
"""
from __future__ import annotations

import datetime
import re
import string
import unicodedata
from collections.abc import Callable, Iterator

# -- values -------------------------------------------------------------------

# Candidates first: runs of digits (with - ( ) + 〒 and spaces) found by a
# pattern that starts with a character class, which the regex engine skips
# to quickly; each run is then classified whole (or space-separated part by
# part). A run touching a letter, ".", "/" or "_" is part of a code, a
# decimal (coordinates) or a URL, and is not a value.
_CANDIDATE = re.compile(r"[0-9(+〒][0-9\-() 〒+]*[0-9]")
_EDGE = frozenset("0123456789.-/_" + string.ascii_letters)
_TOKEN = re.compile(
    r"(?P<my_number>\d{4}[ \-]?\d{4}[ \-]?\d{4})"
    r"|(?P<phone>\+81[ \-]?\d{1,4}[ \-]?\d{1,4}[ \-]?\d{4}"
    r"|\(0\d{1,4}\)[ \-]?\d{1,4}[ \-]?\d{4}"
    r"|0\d{1,4}-\d{1,4}-\d{4}|0[5789]0\d{8}|0[1-9]\d{8})"
    r"|(?P<postal>〒? ?\d{3}-\d{4})")


def _classify(token: str) -> str | None:
    m = _TOKEN.fullmatch(token)
    return m.lastgroup if m else None


def find_values(line: str) -> Iterator[tuple[str, int, str]]:
    """``(rule, offset, value)`` of each 個人番号 candidate (12 digits, check
    digit not tested here), phone number and postal code in ``line``."""
    for m in _CANDIDATE.finditer(line):
        start, end = m.span()
        if (start and line[start - 1] in _EDGE) or (end < len(line) and line[end] in _EDGE):
            continue
        text = m.group()
        rule = _classify(text)
        if rule:
            yield rule, start, text
        elif " " in text:
            pos = start
            for part in text.split(" "):
                rule = _classify(part) if part else None
                if rule:
                    yield rule, pos, part
                pos += len(part) + 1


# Separate, and only tried on rows with an "@": at every letter of a long
# URL the local part would otherwise run to the next "/" and fail.
EMAIL_PATTERN = re.compile(
    r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})")

_MOBILE = re.compile(r"^(?:\+81[ \-]?|0)[789]0")
# Free mail and mobile-carrier domains: an address there is a person's,
# not an office's.
PERSONAL_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.co.jp", "ymail.ne.jp", "yahoo.com",
    "icloud.com", "me.com", "mac.com", "outlook.com", "outlook.jp", "hotmail.com",
    "hotmail.co.jp", "live.jp", "live.com", "msn.com", "docomo.ne.jp",
    "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp",
    "nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "so-net.ne.jp", "excite.co.jp",
})

# 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令
# 第八条: P_n is the n-th digit from the right of the first 11, Q_n = n + 1
# (n <= 6) or n - 5 (n >= 7); check digit = 0 if sum(P*Q) % 11 <= 1,
# else 11 - remainder.
_MY_NUMBER_WEIGHTS = tuple(n + 1 if n <= 6 else n - 5 for n in range(1, 12))


def my_number_check_digit(first11: str) -> int:
    """The check digit of an 11-digit 個人番号 prefix."""
    total = sum(int(d) * q for d, q in zip(reversed(first11), _MY_NUMBER_WEIGHTS, strict=False))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_my_number(text: str) -> bool:
    """``text`` is 12 digits (spaces/hyphens allowed) with a valid check digit."""
    digits = re.sub(r"[ \-]", "", text)
    if len(digits) != 12 or not digits.isdigit():
        return False
    return my_number_check_digit(digits[:11]) == int(digits[11])


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE.match(phone))


def mail_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


# -- headers ------------------------------------------------------------------

def normalise_header(header: object) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    return re.sub(r"[\s_\-・()（）\[\]「」]+", "", text.lstrip("\ufeff#"))


_ENTITY_WORDS = ("名称", "施設", "団体", "法人", "会社", "機関", "事業所", "店",
                 "病院", "学校", "公園", "園名", "館名", "所名", "地名", "市区町村",
                 "都道府県", "課", "部署", "組織", "title", "facility", "organization",
                 "company", "place", "spot")
_PERSON_NAME = ("氏名", "名前", "姓名", "ふりがな", "フリガナ", "担当者", "代表者名",
                "患者", "利用者名", "会員名", "児童名", "生徒名", "保護者", "申請者",
                "契約者", "世帯主", "被保険者", "fullname", "personname", "firstname",
                "lastname", "familyname", "givenname", "surname")
_PERSON_NAME_EXACT = ("姓", "名", "せい", "めい", "name", "namekana")
_BIRTH = re.compile(r"(?<!発)生年|誕生|birth|^dob$")
_MY_NUMBER = ("個人番号", "マイナンバー", "mynumber")
_ADDRESS = ("住所", "所在地", "居所", "本籍", "address")
_PHONE = ("電話", "tel", "phone", "携帯", "fax")
_EMAIL = ("メール", "mail")
_POSTAL = ("郵便", "〒", "postal", "zip")


def _has(header: str, words) -> bool:
    return any(w in header for w in words)


def header_kind(header: object) -> str | None:
    """What a column header says its values are: ``person_name``,
    ``birth_date``, ``my_number``, ``address``, ``phone``, ``email``,
    ``postal``, ``entity_name`` (a facility's or organisation's name) or
    None."""
    h = normalise_header(header)
    return next((kind for kind, says in _HEADER_KINDS if says(h)), None) if h else None


def _names_person(h: str) -> bool:
    # "name" alone is also how facility lists title their name column:
    # the values decide (see looks_like_person_name)
    return (_has(h, _PERSON_NAME) or h in _PERSON_NAME_EXACT) and not _has(h, _ENTITY_WORDS)


# tried in this order: the first kind a header names is its kind
_HEADER_KINDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("my_number", lambda h: _has(h, _MY_NUMBER)),
    ("birth_date", lambda h: bool(_BIRTH.search(h))),
    ("email", lambda h: _has(h, _EMAIL)),
    ("phone", lambda h: _has(h, _PHONE)),
    ("postal", lambda h: _has(h, _POSTAL)),
    ("address", lambda h: _has(h, _ADDRESS)),
    ("person_name", _names_person),
    ("entity_name", lambda h: _has(h, _ENTITY_WORDS) or h.endswith("名")),
)


# -- value shapes ----------------------------------------------------------------

_KANJI = r"[\u3005\u4e00-\u9fff]"
_KANA = r"[\u30a0-\u30ff\u3040-\u309f]"
_NAME_SHAPES = re.compile(
    rf"^(?:{_KANJI}{{1,4}}[ \u3000]?{_KANJI}{{1,4}}"          # 山田 太郎 / 山田太郎
    rf"|{_KANA}{{1,8}}[ \u3000]{_KANA}{{1,8}}"                # ヤマダ タロウ
    r"|[A-Z][a-z]+ [A-Z][a-z]+)$")                           # Taro Yamada
# Facility, place and organisation names: their last character, or a word
# anywhere (surnames such as 山田 or 池田 contain 山 and 池, so single
# characters count only at the end).
_FACILITY_LAST = frozenset("館園所院校場室局課署庁店社寺宮駅橋山川池塔堂棟会部市区町村県都府")
_FACILITY_WORDS = re.compile(
    r"(センター|ホール|ビル|プラザ|クラブ|ルーム|ハウス|ステーション|パーク|"
    r"丁目|広場|公園|施設|病院|学校|組合|協会|会館|会社|法人|事務所|役所|委員会|"
    r"Center|Park|Hall|School|Station|Office)")


def looks_like_person_name(value: str) -> bool:
    value = value.strip()
    if not _NAME_SHAPES.match(value):
        return False
    return value[-1] not in _FACILITY_LAST and not _FACILITY_WORDS.search(value)


_DATE_SHAPES = re.compile(
    r"^(?:(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"|(?:明治|大正|昭和|平成|令和|[MTSHR])\s?(?:\d{1,2}|元)[-/.年]\d{1,2}[-/.月]\d{1,2}日?)"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def looks_like_date(value: object) -> bool:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return True
    return bool(_DATE_SHAPES.match(unicodedata.normalize("NFKC", str(value)).strip()))


_ADDRESS_SHAPE = re.compile(r"[都道府県市区町村郡].*(?:[0-9０-９]|丁目|番地|番|号)")


def looks_like_address(value: str) -> bool:
    return bool(_ADDRESS_SHAPE.search(value))


# -- masking ----------------------------------------------------------------------

def mask(value: object, rule: str) -> str:
    """A sample a provider can recognise without the value being stored:
    digits become ``*`` except the last two, letters and kana keep only the
    first character, an email keeps only its domain."""
    text = str(value).strip()
    if isinstance(value, (datetime.date, datetime.datetime)):
        text = value.isoformat()[:10]
    if rule == "email" and "@" in text:
        return "***@" + mail_domain(text)
    if rule in ("birth_date",):
        return re.sub(r"\d", "*", text)[:24]
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    keep_digits = set(digits[-2:]) if len(digits) >= 6 else set()
    out = []
    for i, c in enumerate(text[:40]):
        if c.isdigit():
            out.append(c if i in keep_digits else "*")
        elif c in " -()/.\u3000" or i == 0 and not digits:
            out.append(c)
        else:
            out.append("＊")
    return "".join(out)
