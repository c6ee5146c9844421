#!/usr/bin/env python3
"""Static check of TDPF's Solr schema against CKAN's stock schema.

Solr cannot run on the development machines, so this is what stands
between an edit of config/solr/schema.xml and a CKAN that fails against
Solr in production. Standard library only.

Usage:
    python3 config/solr/check_schema.py STOCK_SCHEMA [OUR_SCHEMA]

STOCK_SCHEMA is CKAN's own schema, e.g.
    $(python -c 'import ckan, os; print(os.path.dirname(ckan.__file__))')/config/solr/schema.xml
OUR_SCHEMA defaults to schema.xml next to this script.

It checks that:
  * the root element is <schema name="ckan-2.12"> (CKAN checks the name
    at start-up);
  * every <field>, <dynamicField> and <copyField> of the stock schema is in
    ours, under the same name (copyFields: same source and dest), with the
    same uniqueKey; fields keep their stock type, except the few changes
    listed in ALLOWED_TYPE_CHANGES;
  * every field type that a field or dynamicField uses is defined;
  * the "text" type (and every other Japanese type) runs Kuromoji
    (solr.JapaneseTokenizerFactory, mode="search") at index AND query time,
    with the same chain on both sides;
  * the companion bigram field exists and is fed from title, notes and text;
  * no analysis element carries both class= and name= (Solr 9 reads name=
    as the factory's short name and refuses the element).

Exits 0 and prints a summary when all hold; otherwise prints every problem
found and exits 1 (2 for unreadable input).
"""
from __future__ import annotations

import sys
from pathlib import Path
from xml.etree import ElementTree

EXPECTED_NAME = "ckan-2.12"

# Stock fields whose type we deliberately change, with the type they get.
ALLOWED_TYPE_CHANGES = {
    # CKAN's string breaks SolrCloud replica recovery (ckan/ckan#8373).
    "_version_": "plong",
}

JAPANESE_TOKENIZER = "solr.JapaneseTokenizerFactory"
JAPANESE_TOKENIZER_SPI = "japanese"
# Field types that must carry the Japanese chain: the two analysed text
# types of CKAN's schema.
JAPANESE_TYPES = ("text", "text_general")

BIGRAM_FIELD = "text_bigram"
BIGRAM_SOURCES = ("title", "notes", "text")


class SchemaInfo:
    """The parts of a Solr schema this check looks at."""

    def __init__(self, path: Path):
        self.path = path
        # Our own schema and CKAN's installed one, both trusted files.
        self.root = ElementTree.parse(path).getroot()  # noqa: S314 (see above)
        self.fields: dict[str, dict[str, str]] = {}
        self.dynamic: dict[str, dict[str, str]] = {}
        self.copies: set[tuple[str, str]] = set()
        self.types: dict[str, ElementTree.Element] = {}
        self.unique_key: str | None = None
        # iter() also finds elements inside the old <types>/<fields> wrappers.
        for el in self.root.iter():
            tag = el.tag
            if tag == "field":
                self.fields[el.get("name", "")] = dict(el.attrib)
            elif tag == "dynamicField":
                self.dynamic[el.get("name", "")] = dict(el.attrib)
            elif tag == "copyField":
                self.copies.add((el.get("source", ""), el.get("dest", "")))
            elif tag in ("fieldType", "fieldtype"):
                self.types[el.get("name", "")] = el
            elif tag == "uniqueKey":
                self.unique_key = (el.text or "").strip()


def _analyzers(ftype: ElementTree.Element) -> dict[str, ElementTree.Element]:
    """The index and query analyzers of a field type (an analyzer with no
    type serves both, as in Solr)."""
    out: dict[str, ElementTree.Element] = {}
    for a in ftype.findall("analyzer"):
        kind = a.get("type")
        if kind in (None, "index"):
            out.setdefault("index", a)
        if kind in (None, "query"):
            out.setdefault("query", a)
    return out


def _chain(analyzer: ElementTree.Element) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """An analyzer as comparable data: (element, sorted attributes) in order."""
    return [(el.tag, tuple(sorted(el.attrib.items())))
            for el in analyzer if el.tag in ("charFilter", "tokenizer", "filter")]


def _is_japanese_tokenizer(tok: ElementTree.Element) -> bool:
    return (tok.get("class") == JAPANESE_TOKENIZER
            or (tok.get("name") or "").lower() == JAPANESE_TOKENIZER_SPI)


def _matches_dynamic(name: str, patterns) -> bool:
    for p in patterns:
        if p == "*" or (p.startswith("*") and name.endswith(p[1:])) \
                or (p.endswith("*") and name.startswith(p[:-1])):
            return True
    return False


def check(stock_path: Path, ours_path: Path) -> tuple[list[str], SchemaInfo]:
    stock, ours = SchemaInfo(stock_path), SchemaInfo(ours_path)
    problems: list[str] = []
    for section in (_name, _stock_fields, _stock_others, _types_defined, _copy_targets,
                    _japanese, _bigram, _solr9_names):
        problems.extend(section(stock, ours))
    return problems, ours


def _name(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    problems: list[str] = []
    if ours.root.tag != "schema":
        problems.append(f"root element is <{ours.root.tag}>, not <schema>")
    name = ours.root.get("name")
    if name != EXPECTED_NAME:
        problems.append(f'root <schema name="{name}">: must be "{EXPECTED_NAME}" '
                        "(CKAN 2.12 checks it at start-up)")
    if stock.root.get("name") != name:
        problems.append(f'stock schema is named "{stock.root.get("name")}" but ours '
                        f'"{name}": is STOCK_SCHEMA the one of this CKAN version?')
    return problems


def _stock_fields(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    """Every stock field, with its type (but ALLOWED_TYPE_CHANGES) and flags."""
    problems: list[str] = []
    for fname, attrs in stock.fields.items():
        if fname not in ours.fields:
            problems.append(f'field "{fname}" of CKAN\'s schema is missing')
            continue
        got = ours.fields[fname].get("type")
        if fname in ALLOWED_TYPE_CHANGES:
            if got != ALLOWED_TYPE_CHANGES[fname]:
                problems.append(f'field "{fname}" has type "{got}", expected '
                                f'"{ALLOWED_TYPE_CHANGES[fname]}" (a deliberate change from '
                                f'CKAN\'s "{attrs.get("type")}", see ALLOWED_TYPE_CHANGES)')
        elif got != attrs.get("type"):
            problems.append(f'field "{fname}" has type "{got}", CKAN\'s schema has '
                            f'"{attrs.get("type")}"')
        problems.extend(f'field "{fname}": {flag} differs from CKAN\'s schema'
                        for flag in ("multiValued", "required")
                        if attrs.get(flag, "false") != ours.fields[fname].get(flag, "false"))
    return problems


def _stock_others(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    """Every stock dynamicField (same type), copyField and the uniqueKey."""
    problems: list[str] = []
    for pattern, attrs in stock.dynamic.items():
        if pattern not in ours.dynamic:
            problems.append(f'dynamicField "{pattern}" of CKAN\'s schema is missing')
        elif ours.dynamic[pattern].get("type") != attrs.get("type"):
            problems.append(f'dynamicField "{pattern}" has type '
                            f'"{ours.dynamic[pattern].get("type")}", CKAN\'s schema has '
                            f'"{attrs.get("type")}"')
    problems.extend(f'copyField source="{src}" dest="{dest}" of CKAN\'s schema is missing'
                    for src, dest in sorted(stock.copies - ours.copies))
    if ours.unique_key != stock.unique_key:
        problems.append(f"uniqueKey is {ours.unique_key!r}, CKAN's schema has {stock.unique_key!r}")
    return problems


def _types_defined(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    """Every field type that a field or dynamicField uses is defined."""
    problems: list[str] = []
    for kind, table in (("field", ours.fields), ("dynamicField", ours.dynamic)):
        for fname, attrs in table.items():
            ftype = attrs.get("type")
            if not ftype:
                problems.append(f'{kind} "{fname}" has no type')
            elif ftype not in ours.types:
                problems.append(f'{kind} "{fname}" uses field type "{ftype}", '
                                "which is not defined")
    return problems


def _copy_targets(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    """copyFields point at fields that exist."""
    problems: list[str] = []
    for src, dest in sorted(ours.copies):
        for role, fname in (("source", src), ("dest", dest)):
            if fname in ours.fields or fname in ours.dynamic:
                continue
            if "*" not in fname and _matches_dynamic(fname, ours.dynamic):
                continue
            problems.append(f'copyField {role}="{fname}" is neither a field nor a dynamicField')
    return problems


def _tokenizer(tname: str, side: str, analyzer: ElementTree.Element) -> list[str]:
    """The analyzer runs Kuromoji in search mode."""
    tok = analyzer.find("tokenizer")
    if tok is None or not _is_japanese_tokenizer(tok):
        got = None if tok is None else (tok.get("class") or tok.get("name"))
        return [f'field type "{tname}": {side} analyzer tokenizer is {got}, '
                f"not {JAPANESE_TOKENIZER}"]
    if tok.get("mode", "").lower() != "search":
        return [f'field type "{tname}": {side}-time {JAPANESE_TOKENIZER} '
                f'has mode="{tok.get("mode")}", expected mode="search"']
    return []


def _japanese(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    """Each Japanese type runs the same Kuromoji chain at index and query time."""
    problems: list[str] = []
    reference = None
    for tname in JAPANESE_TYPES:
        ftype = ours.types.get(tname)
        if ftype is None:
            problems.append(f'field type "{tname}" is not defined')
            continue
        analyzers = _analyzers(ftype)
        for side in ("index", "query"):
            a = analyzers.get(side)
            if a is None:
                problems.append(f'field type "{tname}" has no {side} analyzer')
            else:
                problems.extend(_tokenizer(tname, side, a))
        if "index" in analyzers and "query" in analyzers:
            idx, qry = _chain(analyzers["index"]), _chain(analyzers["query"])
            if idx != qry:
                problems.append(f'field type "{tname}": index and query analyzers differ; '
                                "a word must be cut the same way on both sides")
            if reference is None:
                reference = (tname, idx)
            elif idx != reference[1]:
                problems.append(f'field type "{tname}" does not have the same chain as '
                                f'"{reference[0]}"')
    return problems


def _is_bigram_filter(f: ElementTree.Element) -> bool:
    return (f.get("class") == "solr.CJKBigramFilterFactory"
            or (f.get("name") or "").lower() == "cjkbigram")


def _bigram(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    """The companion bigram field: CJK bigrams, multiValued, fed by BIGRAM_SOURCES."""
    bigram = ours.fields.get(BIGRAM_FIELD)
    if bigram is None:
        return [f'companion bigram field "{BIGRAM_FIELD}" is missing']
    problems: list[str] = []
    btype = ours.types.get(bigram.get("type", ""))
    if btype is not None:
        problems.extend(f'field "{BIGRAM_FIELD}": {side} analyzer of type '
                        f'"{bigram.get("type")}" has no CJKBigramFilterFactory'
                        for side, a in _analyzers(btype).items()
                        if not any(_is_bigram_filter(f) for f in a.findall("filter")))
    if bigram.get("multiValued") != "true":
        problems.append(f'field "{BIGRAM_FIELD}" must be multiValued '
                        "(several copyField sources)")
    problems.extend(f'no copyField source="{src}" dest="{BIGRAM_FIELD}"'
                    for src in BIGRAM_SOURCES if (src, BIGRAM_FIELD) not in ours.copies)
    return problems


def _solr9_names(stock: SchemaInfo, ours: SchemaInfo) -> list[str]:
    """Solr 9 pitfall: name= on an analysis element that has class=."""
    return [f'field type "{tname}": <{el.tag} class="{el.get("class")}" '
            f'name="{el.get("name")}">: Solr 9 takes name= as the factory name '
            "and rejects the element (for ICU normalisation use form=)"
            for tname, ftype in ours.types.items() for el in ftype.iter()
            if el.tag in ("charFilter", "tokenizer", "filter")
            and "class" in el.attrib and "name" in el.attrib]


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print((__doc__ or "").strip().split("\n\n")[1], file=sys.stderr)
        print("usage: check_schema.py STOCK_SCHEMA [OUR_SCHEMA]", file=sys.stderr)
        return 2
    stock_path = Path(argv[1])
    ours_path = Path(argv[2]) if len(argv) == 3 else Path(__file__).with_name("schema.xml")
    try:
        problems, ours = check(stock_path, ours_path)
    except (OSError, ElementTree.ParseError) as e:
        print(f"check_schema: cannot read schema: {e}", file=sys.stderr)
        return 2
    if problems:
        print(f"check_schema: {ours_path} is NOT a valid TDPF schema for CKAN 2.12 "
              f"({len(problems)} problem(s)):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print(f"check_schema: OK: {ours_path}")
    print(f"  schema name {ours.root.get('name')}; {len(ours.fields)} fields, "
          f"{len(ours.dynamic)} dynamicFields, {len(ours.copies)} copyFields, "
          f"{len(ours.types)} field types; uniqueKey {ours.unique_key}")
    print(f"  all fields, dynamicFields and copyFields of {stock_path} present")
    print(f"  Japanese tokenizer (mode=search) at index and query time: "
          f"{', '.join(JAPANESE_TYPES)}; bigram field {BIGRAM_FIELD}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
