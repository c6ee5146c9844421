"""Each harvested record's own publisher: provider type and municipality
code worked out from what the record carries, against the built-in table
of local government codes (ckanext.tdpf.vocab.municipality).

Signals, strongest first: the id prefix of Tokyo-style catalogs
(``t132292d…``: 132292 is 西東京市), the organisation's title, the DCAT
publisher, author and maintainer; then, for catalogs of a prefecture only,
one municipality named in the title. A record that says nothing usable
keeps the source's defaults.

Names are matched leftmost-longest on whole table entries, so 「東京都府中市」
is 東京都 + 府中市 (not 京都府), 「西東京市」 is not 東京都, and a name
shared by several municipalities (府中市: Tokyo and Hiroshima) counts only
when a prefecture beside it, the source's prefecture or another name in the
same text says which."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ckanext.tdpf.vocab import municipality

_SUFFIXES = "都道府県市区町村"
# variant kanji that NFKC keeps apart, folded in names and texts alike
_VARIANTS = str.maketrans({"梼": "檮", "﨑": "崎", "髙": "高", "德": "徳"})
TOKYO = "130001"

# bodies of the national government (and Tokyo's own police and fire
# departments, which look like national agencies by name)
_NATIONAL = re.compile(
    r"内閣官房|内閣府|内閣法制局|復興庁|デジタル庁|人事院|会計検査院|宮内庁|"
    r"(?:個人情報保護|公正取引|国家公安|原子力規制|カジノ管理|公害等調整|運輸安全)委員会|"
    r"[^\s\d都道府県市区町村]{1,6}省|(?<![都道府県市区町村])(?:気象|警察|消防|海上保安|国税|林野|水産|"
    r"特許|観光|文化|スポーツ|こども|消費者|金融|防衛装備|出入国在留管理|公安調査|資源エネルギー|"
    r"中小企業|環境|国土地理)(?:庁|院)")
_TOKYO_BODIES = re.compile(r"警視庁|東京消防庁")
_COMPANY = re.compile(r"株式会社|有限会社|合同会社|（株）|\(株\)")
_ACADEMIC = re.compile(r"大学|研究所|研究機構|高等専門学校")
_NPO = re.compile(r"特定非営利活動法人|NPO法人")
_PUBLIC_BODY = re.compile(r"(?:地方)?独立行政法人|国立研究開発法人|大学共同利用機関法人|"
                          r"(?:公益|一般)(?:財団|社団)法人|特殊法人")
_ID_CODE = re.compile(r"^t(\d{6})(?:d|$)", re.IGNORECASE)
_LABEL = re.compile(r"^\s*[【［\[]([^】］\]]{1,40})[】］\]]")


@dataclass(frozen=True)
class Publisher:
    provider_type: str
    codes: tuple[str, ...]
    reason: str  # which signal decided, for reports and logs


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    codes: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _names() -> tuple[dict[str, tuple[str, ...]], int]:
    """Table name -> its codes (a name may be several municipalities'),
    and the longest name."""
    by_name: dict[str, list[str]] = {}
    for code, row in municipality.table().items():
        by_name.setdefault(row["name"].translate(_VARIANTS), []).append(code)
    return {k: tuple(sorted(v)) for k, v in by_name.items()}, max(map(len, by_name))


def _pref_of(code: str) -> str:
    return code[:2]


def _is_pref(code: str) -> bool:
    return code[2:5] == "000"


def mentions(text: str) -> list[_Mention]:
    """Table names in ``text``, leftmost-longest and not overlapping."""
    by_name, longest = _names()
    text = text.translate(_VARIANTS)  # the same length: positions stay
    found: list[_Mention] = []
    for end, ch in enumerate(text, 1):
        if ch not in _SUFFIXES:
            continue
        for start in range(max(0, end - longest), end - 1):
            codes = by_name.get(text[start:end])
            if codes:
                found.append(_Mention(start, end, codes))
                break  # the longest ending here
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[_Mention] = []
    for m in found:
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def resolve(text: str, context_prefs: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(position, code) of each municipality named unambiguously in
    ``text``. A prefecture right before a name, any prefecture in the text
    or ``context_prefs`` (two-digit prefixes) choose among namesakes."""
    ms = mentions(text)
    prefs_here = {_pref_of(c) for m in ms for c in m.codes if len(m.codes) == 1}
    out = []
    for i, m in enumerate(ms):
        codes = m.codes
        if len(codes) > 1:
            before = ms[i - 1] if i and ms[i - 1].end == m.start else None
            for prefs in ((({_pref_of(before.codes[0])} if before and len(before.codes) == 1
                            and _is_pref(before.codes[0]) else set())),
                          prefs_here, set(context_prefs)):
                narrowed = tuple(c for c in codes if _pref_of(c) in prefs)
                if len(narrowed) == 1:
                    codes = narrowed
                    break
        if len(codes) == 1:
            out.append((m.start, codes[0]))
    return out


def provider_type_of(code: str) -> str:
    if code == TOKYO:
        return "tokyo"
    if _pref_of(code) == "13" and not _is_pref(code):
        return "municipality"
    return "public_body"  # other prefectures and their municipalities (as the presets)


# what may stand between a prefecture and its municipality: 「静岡県賀茂郡東伊豆町」
_BETWEEN = re.compile(r"\s*(?:\S{1,5}郡)?\s*")


def _municipality_after(text: str, pos: int, pref: str,
                        rest: list[tuple[int, str]]) -> str | None:
    """The one municipality right after a prefecture (「岡山県 津山市」);
    None for a list of them (「栃木県 那須塩原市、大田原市」 stays 栃木県)."""
    mine = [(p, c) for p, c in rest if _pref_of(c) == _pref_of(pref) and not _is_pref(c)]
    if not mine or len({c for _, c in mine}) > 1:
        return None
    start = pos + len(municipality.name(pref) or "")
    return mine[0][1] if _BETWEEN.fullmatch(text[start:mine[0][0]]) else None


def _of_body(text: str, context_prefs: frozenset[str]) -> Publisher | None:
    """The publisher a name like 「西東京市企画部情報推進課」, 「環境省」 or
    「株式会社…」 stands for: whichever kind of name comes first."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    candidates: list[tuple[int, Publisher]] = []
    named = resolve(text, context_prefs)
    if named:
        pos, code = named[0]
        if _is_pref(code):
            code = _municipality_after(text, pos, code, named[1:]) or code
        candidates.append((pos, Publisher(provider_type_of(code), (code,), "")))
    for pattern, kind in ((_TOKYO_BODIES, "tokyo"), (_NATIONAL, "national"),
                          (_PUBLIC_BODY, "public_body"), (_COMPANY, "company"),
                          (_ACADEMIC, "academic"), (_NPO, "npo")):
        m = pattern.search(text)
        if m:
            codes = (TOKYO,) if kind == "tokyo" else ()
            candidates.append((m.start(), Publisher(kind, codes, "")))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]  # the first; a tie: the order above


def _extras(remote: dict) -> dict:
    extras = remote.get("extras") or []
    if isinstance(extras, dict):
        return extras
    return {e.get("key"): e.get("value") for e in extras if isinstance(e, dict)}


def _signals(remote: dict) -> list[tuple[str, str]]:
    org = remote.get("organization")
    ex = _extras(remote)
    out = [("organization", org.get("title") or "" if isinstance(org, dict) else "")]
    out += [(key, ex.get(key) or "") for key in ("publisher_name", "creator_name")]
    out += [(key, remote.get(key) or "") for key in ("author", "maintainer", "contact_name")]
    return [(k, v) for k, v in out if isinstance(v, str) and v.strip()]


def _id_code(remote: dict) -> str | None:
    for key in ("name", "identifier", "id"):
        value = remote.get(key)
        m = _ID_CODE.match(value) if isinstance(value, str) else None
        if m:
            try:
                return municipality.validate(m.group(1))
            except municipality.CodeError:
                continue
    return None


def derive(remote: dict, default_type: str, default_codes: tuple[str, ...]) -> Publisher:
    """The record's publisher; the source's defaults when it says nothing."""
    context = frozenset(_pref_of(c) for c in default_codes)
    code = _id_code(remote)
    if code:
        return Publisher(provider_type_of(code), (code,), "id")
    for key, text in _signals(remote):
        found = _of_body(text, context)
        if found:
            return Publisher(found.provider_type, found.codes or (
                () if found.provider_type == "national" else default_codes), key)
    if default_type in ("tokyo", "public_body") and context:
        found = _from_title(remote, context)
        if found:
            return found
    return Publisher(default_type, default_codes, "source")


def _from_title(remote: dict, context: frozenset[str]) -> Publisher | None:
    """One municipality of the source's prefecture named in the title
    (「【八王子市】…」, 「八王子市の人口」) of a prefecture's catalog."""
    title = unicodedata.normalize("NFKC", remote.get("title") or "")
    label = _LABEL.match(title)
    text = label.group(1) if label else title
    codes = {c for _, c in resolve(text, context) if _pref_of(c) in context}
    municipal = {c for c in codes if not _is_pref(c)}
    if len(municipal) == 1 and len(codes - municipal) == 0:
        code = municipal.pop()
        return Publisher(provider_type_of(code), (code,), "title")
    return None
