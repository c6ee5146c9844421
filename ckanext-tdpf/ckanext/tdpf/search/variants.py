"""The normalised spelling of a token, so that the ways Japanese writes one
word find each other: 問合せ = 問い合わせ, 受付 = 受け付け, 3ヶ所 = 3か所 =
3箇所, ヴァイオリン = バイオリン, 子ども = 子供, 齋藤 = 斎藤 = 斉藤.

SudachiPy's ``normalized_form()`` (sudachidict-core) does most of it:
okurigana, counters written ヶ/カ/か, katakana ヴ and long-vowel spellings,
kana and kanji spellings. For inflecting words it gives the normalised
*dictionary* form (引っ越し as a verb is 引っ越す), which would separate it
from the noun 引越し (normalised 引っ越し): the inflected ending of the
surface is kept instead. What the dictionary leaves alone is added here:
old and variant kanji (one character for another, so positions stay), the
small ヶ/ヵ, が/ヶ/ケ inside place names (霞が関 = 霞ヶ関), and a few words.

Only tokens of Japanese script are normalised, and only into Japanese
script (the dictionary spells some Latin words in katakana)."""
from __future__ import annotations

import re
from typing import Any

# Old and variant forms of kanji, one character each (異体字, 旧字体) -> the
# common form. Only characters that are never a different word.
_KANJI = str.maketrans(
    "齋齊邊邉髙﨑嵜濱澤櫻檜廣國龍瀧圓眞惠德豐學會藏驛縣廳榮曾增靜條彌傳淺戶黑寬嶋嶌冨渕禮顯繪團齒戀應"
    "ヶヵ",
    "斎斉辺辺高崎崎浜沢桜桧広国竜滝円真恵徳豊学会蔵駅県庁栄曽増静条弥伝浅戸黒寛島島富淵礼顕絵団歯恋応"
    "ケカ")
# Words the dictionary keeps apart (after the character table above).
_WORDS = {
    "斉藤": "斎藤",   # the surname in all its spellings (斉 alone is another word)
    "ゴミ": "ごみ",
    "塵": "ごみ",
    "ボランテイア": "ボランティア",
    "溜池": "溜め池",
}
# ヴ-row katakana -> the バ row: ヴァイオリン = バイオリン, ヴェトナム = ベトナム
_VU = re.compile("ヴ[ァィェォ]?")
_VU_AS = {"ヴァ": "バ", "ヴィ": "ビ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴ": "ブ"}
LONE_KE = {"ヶ", "ケ"}  # tokens of their own in 鉢ケ崎: read as が/け
# が/ガ/ヶ/ケ between kanji of a place name: 霞が関, 霞ヶ関, 霞ケ関
_PLACE_KE = re.compile(r"(?<=[\u3400-\u9fff])[がガケ](?=[\u3400-\u9fff])")


def fold(text: str) -> str:
    """The character-level part: variant kanji and small ヶ/ヵ."""
    return text.translate(_KANJI)


def spelling(morpheme: Any, surface: str, proper_noun: bool) -> str:
    """The normalised spelling of a SudachiPy morpheme whose ``surface`` is
    Japanese script (the caller checks), in that script."""
    if surface in LONE_KE:
        return "ケ"  # the dictionary reads a lone ヶ/ケ (鉢ケ崎) as が/け
    normal = morpheme.normalized_form()
    if normal != surface:
        dictionary = morpheme.dictionary_form()
        if dictionary != surface:
            normal = _inflected(surface, dictionary, normal)
    normal = fold(normal)
    if "ヴ" in normal:
        normal = _VU.sub(lambda m: _VU_AS[m.group()], normal)
    if proper_noun:
        normal = _PLACE_KE.sub("ケ", normal)
    return _WORDS.get(normal, normal)


def _inflected(surface: str, dictionary: str, normal: str) -> str:
    """``normal`` (of the dictionary form) with the surface's inflected
    ending: 引っ越し (dictionary 引っ越す, normal 引っ越す) -> 引っ越し."""
    common = 0
    for a, b in zip(surface, dictionary, strict=False):
        if a != b:
            break
        common += 1
    ending = dictionary[common:]
    if not normal.endswith(ending):
        return surface
    return normal[:len(normal) - len(ending)] + surface[common:]


# Grammatical words are not respelled: nobody searches for them, and their
# normalised forms (する as 為る, ください as 下さい, お as 御) would add
# anchors to nearly every sentence.
_GRAMMAR = {"助詞", "助動詞", "接頭辞", "補助記号", "記号", "空白"}


def kind(pos: tuple[str, ...]) -> str:
    """How a part of speech is respelled: "none", "word" or "place" (a
    proper noun, see _PLACE_KE)."""
    if not pos or pos[0] in _GRAMMAR or (len(pos) > 1 and pos[1] == "非自立可能"):
        return "none"
    return "place" if len(pos) > 1 and pos[1] == "固有名詞" else "word"
