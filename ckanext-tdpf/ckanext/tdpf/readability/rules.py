"""The Digital Agency's machine-readability rules (機械判読可能なデータの表記方法の
統一ルール, levels L1-L3) as data: id, level, severity, the formats each
applies to, titles and fixes in Japanese and English.

``severity`` is "FATAL" (the level scores 0 when the rule fails) or the
points deducted from 100. The deductions are the agency's checker's fixed
table (CRITICAL 10/40/15, MAJOR 5/30/10, MINOR 2/10/5 for L1/L2/L3).

``basis`` says how our check relates to the agency's checker:
"agency" - its deterministic condition, rewritten here; "ours" - our
reading where the agency's condition needs its layout model in full or
an AI; "excluded" - the agency itself does not judge the rule (AI-only or
判定対象外), so it is left out of every report like a rule that does not
apply to the format. ``formats`` lists where a rule applies at all.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ALL_FORMATS", "DEDUCTIONS", "RULES", "Rule", "rule"]

ALL_FORMATS = ("csv", "tsv", "xlsx", "xls")
_TEXT = ("csv", "tsv")
_EXCEL = ("xlsx", "xls")

# The agency's fixed deductions per (severity class, level); FATAL zeroes the level.
DEDUCTIONS = {
    ("CRITICAL", 1): 10,
    ("MAJOR", 1): 5,
    ("MINOR", 1): 2,
    ("CRITICAL", 2): 40,
    ("MAJOR", 2): 30,
    ("MINOR", 2): 10,
    ("CRITICAL", 3): 15,
    ("MAJOR", 3): 10,
    ("MINOR", 3): 5,
}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str | int  # "FATAL" or the deduction
    title_ja: str
    title_en: str
    fix_ja: str
    fix_en: str
    formats: tuple[str, ...] = ALL_FORMATS
    basis: str = "agency"

    @property
    def level(self) -> str:
        """ "L1".."L3", or "STD" for the standard-dataset checks."""
        return "STD" if self.id.startswith("STD-") else self.id[:2]


def _r(
    id_: str,
    severity: str | int,
    title_ja: str,
    title_en: str,
    fix_ja: str,
    fix_en: str,
    formats: tuple[str, ...] = ALL_FORMATS,
    basis: str = "agency",
) -> Rule:
    return Rule(id_, severity, title_ja, title_en, fix_ja, fix_en, formats, basis)


_LIST = [
    _r(
        "L1-01",
        "FATAL",
        "ファイル形式は機械が直接読み取れるExcelやCSV等となっているか",
        "The file is in a format machines read directly (xlsx, CSV, TSV)",
        "xlsx 形式または CSV/TSV に変換して公開してください（.xls は旧形式です）。",
        "Publish the table as xlsx or CSV/TSV (.xls is the legacy binary format).",
    ),
    _r(
        "L1-02",
        "FATAL",
        "1シート（ファイル）に複数の表が掲載されていないか",
        "One table per sheet (file)",
        "表ごとにシートまたはファイルを分けてください。",
        "Put each table on its own sheet or in its own file.",
        basis="ours",
    ),
    _r(
        "L1-03",
        10,
        "データが分断されていないか",
        "The data is not split by blank rows or columns",
        "表の途中の空白行・空白列を削除し、1つの連続した表にしてください。",
        "Delete the blank rows and columns inside the table so it is one block.",
    ),
    _r(
        "L1-04",
        5,
        "データ本体と無関係な情報がないか",
        "No information outside the table",
        "タイトル・注釈・出典・合計行は表の外（メタデータや別シート）に移してください。",
        "Move titles, notes, sources and total rows out of the sheet (into metadata or another s"
        "heet).",
        basis="ours",
    ),
    _r(
        "L1-05",
        10,
        "すべての列に意味が推測できる項目名が存在するか",
        "Every column has a meaningful header",
        "データのある列すべてに、意味のわかる項目名を付けてください（連番は項目名になりません）。",
        "Give every column with data a header naming what it holds (a sequence number is no name).",
    ),
    _r(
        "L1-06",
        10,
        "スペースや改行等で体裁を整えていないか",
        "No spaces or line breaks used for layout",
        "見た目を整えるための空白（先頭・末尾・全角・連続スペース）や改行を削除してください。",
        "Remove spaces (leading, trailing, full-width, repeated) and line breaks added for looks.",
    ),
    _r(
        "L1-07",
        10,
        "1セル1データとなっているか",
        "One datum per cell",
        "複数の値は列または行を分けて1セルに1つずつ入れてください。",
        "Split several values in a cell into their own columns or rows.",
    ),
    _r(
        "L1-08",
        10,
        "機種依存文字を使用していないか",
        "No platform-dependent characters",
        "丸数字・ローマ数字・㈱などの機種依存文字を一般的な文字に置き換え、UTF-8 で保存してくだ"
        "さい。",
        "Replace platform-dependent characters (circled numbers, roman numerals, ㈱ ...) and sav"
        "e as UTF-8.",
    ),
    _r(
        "L1-09",
        2,
        "空白とゼロが明確に区別されているか",
        "Blank and zero are distinguished",
        "値がないセルとゼロのセルを区別し、欠測の意味を記号と定義で示してください。",
        "Distinguish empty cells from zeros and define how missing values are marked.",
        basis="excluded",
    ),
    _r(
        "L1-10",
        10,
        "【Excel】オブジェクトを使用していないか",
        "[Excel] No objects (images, shapes, charts) on the table",
        "表の範囲にある画像・図形・グラフを削除してください。",
        "Remove images, shapes and charts that lie over the table.",
        formats=("xlsx",),
    ),
    _r(
        "L1-11",
        10,
        "【Excel】書式でデータの違いを表現していないか",
        "[Excel] No meaning carried by formatting",
        "色や太字で表している区別は、値として別の列に入れてください。",
        "Put the distinction you show with colours or bold into a column of its own.",
        formats=_EXCEL,
    ),
    _r(
        "L1-12",
        10,
        "【Excel】セルの結合をしていないか",
        "[Excel] No merged cells",
        "セルの結合を解除し、各セルに値を入れてください。",
        "Unmerge the cells and fill each cell with its value.",
        formats=_EXCEL,
    ),
    _r(
        "L1-13",
        10,
        "【Excel】不要な行や列が非表示のまま残されていないか",
        "[Excel] No hidden rows or columns",
        "非表示の行・列を再表示し、不要なら削除してください。",
        "Unhide the hidden rows and columns, and delete them if they are not needed.",
        formats=_EXCEL,
    ),
    _r(
        "L1-14",
        "FATAL",
        "【CSV】1行1データで表現されているか",
        "[CSV] One record per line (no line breaks in values)",
        "値の中の改行を削除するか別の文字に置き換えてください。",
        "Remove the line breaks inside values or replace them with another character.",
        formats=_TEXT,
    ),
    _r(
        "L1-15",
        "FATAL",
        "【CSV】文字列にカンマが含まれているフィールドの値はダブルクォーテーションで囲んでいるか",
        "[CSV] Fields with commas or quotes are quoted; every record has the header's number of "
        "fields",
        'カンマや " を含む値は全体を " で囲み、値の中の " は "" にしてください。各行の項目数を揃'
        "えてください。",
        "Quote values containing commas or quotes (doubling inner quotes), and give every line t"
        "he header's number of fields.",
        formats=_TEXT,
    ),
    _r(
        "L2-01",
        "FATAL",
        "数値データは数値属性とし、文字列を含まないこと",
        "Numbers are numeric, without text",
        "数値の列から単位や注釈を除き、単位は項目名に書いてください。",
        "Remove units and notes from numeric columns; put the unit in the header.",
    ),
    _r(
        "L2-02",
        "FATAL",
        "データ内での項目名等の省略をしていないか",
        "No abbreviated items (〃, 同上, blanks)",
        "「〃」「同上」や空白で省略せず、すべての行に値を入れてください。",
        "Do not abbreviate with 〃, 同上 or blanks: write the value on every row.",
        basis="ours",
    ),
    _r(
        "L2-03",
        "FATAL",
        "各列が一意に識別可能な項目名を持っているか",
        "Column names are unique",
        "項目名の重複や結合ヘッダーをなくし、各列に一意の名前を付けてください。",
        "Give each column a name of its own (no duplicates, no merged header cells).",
    ),
    _r(
        "L2-04",
        40,
        "選択肢回答が標準化されているか",
        "Choices are written one way",
        "同じ選択肢の表記ゆれ（全角半角、注釈付き等）を統一してください。",
        "Write each choice the same way everywhere (no variants in width, spacing or notes).",
    ),
    _r(
        "L2-05",
        30,
        "選択肢列と「その他」の詳細記入が分離されているか",
        '"Other" details in a column of their own',
        "「その他」の詳細は別の列に記入してください。",
        'Put the details of "other" answers in a separate column.',
    ),
    _r(
        "L2-06",
        30,
        "【Excel】数式を使用している場合は、数値データに修正しているか",
        "[Excel] Formulas are converted to values",
        "数式を値に変換（値として貼り付け）してください。",
        "Convert formulas to their values (paste as values).",
        formats=("xlsx",),
    ),
    _r(
        "L3-01",
        "FATAL",
        "項目名行から始まり、次行からデータ入力がされているか",
        "The header row comes first, data from the next row",
        "1行目を項目名、2行目以降をデータにしてください（タイトル行・空行・多段ヘッダーをなくす"
        "）。",
        "Make row 1 the header and start the data on row 2 (no titles, blank rows or multi-row h"
        "eaders).",
    ),
    _r(
        "L3-02",
        15,
        "回答のコード表が別添されているか",
        "A code table is attached",
        "コード値の意味を定義したコード表を添付してください。",
        "Attach a table defining what each code means.",
        basis="excluded",
    ),
    _r(
        "L3-03",
        10,
        "特殊記号の定義を明記しているか",
        "Special symbols are defined",
        "秘匿・欠測などの記号の意味を凡例やメタデータに書いてください。",
        "Define symbols such as suppressed or missing markers in a legend or the metadata.",
        basis="excluded",
    ),
    _r(
        "L3-04",
        10,
        "データの単位を記載しているか",
        "Units are stated",
        "数値の列の項目名に単位を括弧書きで記載してください（例: 人口（人））。",
        "State the unit of each numeric column in its header, e.g. 人口（人）.",
    ),
    _r(
        "L3-05",
        10,
        "時間軸の表記が標準化されているか",
        "Dates and times in a standard notation",
        "日付は西暦（ISO 8601: 2024-04-01 など）で、同じ列では同じ書き方に統一してください。",
        "Write dates in the Western calendar (ISO 8601, e.g. 2024-04-01), the same way throughou"
        "t a column.",
    ),
    _r(
        "L3-06",
        15,
        "地域コード又は正式な地域名称が表記されているか",
        "Region code or official region name",
        "地域は正式名称で書き、全国地方公共団体コードの列を加えてください。",
        "Write regions by their official names and add a column with the local government code.",
    ),
    _r(
        "L3-07",
        15,
        "年によってフォーマットが著しく異なっていないか",
        "The format is stable across years",
        "年度ごとのファイルで列構成を揃えてください。",
        "Keep the same columns in every year's file.",
        basis="excluded",
    ),
    _r(
        "L3-08",
        10,
        "データの定義や更新履歴が記載されているか",
        "Definitions and update history are given",
        "項目定義・算出方法・更新履歴をメタデータに記載してください。",
        "Describe the columns, how values are computed and the update history in the metadata.",
        basis="excluded",
    ),
    _r(
        "L3-09",
        10,
        "データが縦持ち形式になっているか",
        "The data is in long (tidy) format",
        "年や月を列に並べた横持ちの表は、年・月を1つの列にした縦持ちに変換してください。",
        "Turn tables with years or months as columns into long format with one year/month column.",
    ),
    # Ours, not the agency's: the text cannot be read as it was meant. Shown with
    # its fix but deducting nothing, so the level scores stay comparable with the
    # agency's checker (which reads such text as it is).
    _r(
        "L1-ENC",
        0,
        "文字コードが正しく読み取れるか（文字化け）",
        "The text decodes correctly (no mojibake)",
        "UTF-8（BOM 付き可）で保存し直してください。文字化けしている場合は元のファイルから変換し"
        "直してください。",
        "Save the file again as UTF-8; if it is mojibake, convert it again from the original.",
        formats=_TEXT,
        basis="ours",
    ),
    # Standard datasets (自治体標準オープンデータセット): ckanext.tdpf.standards.validate.
    # Ours: the deduction is what the finding means for a user of the data.
    _r(
        "STD-missing-column",
        10,
        "標準データセットの必須項目があるか",
        "The standard's required columns are present",
        "標準データセットの必須項目の列を追加してください（値がなくても列は残します）。",
        "Add the standard's required columns (keep the column even when a value is unknown).",
        basis="ours",
    ),
    _r(
        "STD-missing-optional",
        0,
        "標準データセットの任意項目があるか",
        "The standard's optional columns are present",
        "標準データセットのすべての項目を、値がなくても列として残してください。",
        "Keep every column of the standard, even when it has no values.",
        basis="ours",
    ),
    _r(
        "STD-renamed-column",
        2,
        "項目名が標準データセットのとおりか",
        "Column names are the standard's",
        "項目名を標準データセットの名前に合わせてください。",
        "Rename the column to the standard's name.",
        basis="ours",
    ),
    _r(
        "STD-type",
        5,
        "値が標準データセットの型に合っているか",
        "Values have the standard's type",
        "数値・時刻（HH:MM）・日付（YYYY-MM-DD）・URL を標準データセットの形式で書いてください。",
        "Write numbers, times (HH:MM), dates (YYYY-MM-DD) and URLs as the standard defines them.",
        basis="ours",
    ),
    _r(
        "STD-required-value",
        5,
        "必須項目に値が入っているか",
        "Required columns have values",
        "必須項目の空欄を埋めてください。",
        "Fill in the empty cells of required columns.",
        basis="ours",
    ),
    _r(
        "STD-code",
        10,
        "地方公共団体コードが正しいか（検査数字）",
        "Local government codes are valid (check digit)",
        "全国地方公共団体コード（6桁、検査数字つき）を正しく記載してください。",
        "Write the 6-digit local government code with its correct check digit.",
        basis="ours",
    ),
    _r(
        "STD-coordinates",
        10,
        "緯度・経度が日本の範囲にあるか",
        "Coordinates lie in Japan",
        "緯度（20〜46度）と経度（122〜154度）を10進数の度で、逆にせずに記載してください。",
        "Give latitude (20-46) and longitude (122-154) in decimal degrees, not swapped.",
        basis="ours",
    ),
]

RULES: dict[str, Rule] = {r.id: r for r in _LIST}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
