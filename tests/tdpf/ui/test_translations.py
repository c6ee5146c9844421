"""Every string of ours has Japanese: what babel extracts from our Python
and templates (with CKAN's template extractor), plus the msgids kept in
tables (facet titles, dataset sections), is translated in our .po or, for
CKAN's own strings, in CKAN's catalog; and the compiled .mo matches the .po."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages import extract, mofile, pofile

import ckan

import ckanext.tdpf as tdpf_pkg
from ckanext.tdpf import display, facets

PKG = Path(tdpf_pkg.__file__).parent
LC = PKG / "i18n" / "ja" / "LC_MESSAGES"
CKAN_MO = Path(ckan.__file__).parent / "i18n" / "ja" / "LC_MESSAGES" / "ckan.mo"
# `_(row["label"])` in data-driven code makes babel report the key as a msgid.
_KEY = re.compile(r"^[a-z_]+$")


def _plain(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _translated(message) -> bool:
    s = message.string if message else None
    return bool(s) and (all(s) if isinstance(s, (list, tuple)) else True)


def _extracted() -> dict[str, str]:
    method_map = [("**/templates/**.html", "ckan"), ("**.py", "python")]
    found = {}
    for filename, _lineno, msgid, _comments, _ctx in extract.extract_from_dir(
            str(PKG), method_map=method_map,
            options_map={"**/templates/**.html": {"silent": "false"}}):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        if key and not _KEY.match(key):
            found.setdefault(key, filename)
    return found


@pytest.fixture(scope="module")
def catalogs():
    with open(LC / "ckanext-tdpf.po", "rb") as f:
        ours = pofile.read_po(f)
    with open(CKAN_MO, "rb") as f:
        theirs = mofile.read_mo(f)
    return ours, theirs


def test_every_string_of_ours_has_japanese(catalogs):
    ours, theirs = catalogs
    wanted = _extracted()
    assert "View on the original site" in wanted  # templates were really read
    for _field, label in facets.DATASET_FACETS:
        wanted.setdefault(label, "facets.py")
    for _sid, title, _names in display.SECTIONS:
        wanted.setdefault(title, "display.py")
    missing = {m: where for m, where in wanted.items()
               if not _translated(ours.get(m)) and not _translated(theirs.get(m))}
    assert not missing, f"add to {LC / 'ckanext-tdpf.po'}: {missing}"


def test_compiled_catalog_matches_the_po(catalogs):
    ours, _theirs = catalogs
    with open(LC / "ckanext-tdpf.mo", "rb") as f:
        compiled = {_plain(m.id): _plain(m.string) for m in mofile.read_mo(f) if m.id}
    source = {_plain(m.id): _plain(m.string) for m in ours if m.id and _translated(m)}
    assert compiled == source, "run: pybabel compile -D ckanext-tdpf -d ckanext-tdpf/ckanext/tdpf/i18n"


# CKAN strings whose Japanese we deliberately improve (CKAN's is English or
# awkward). Anything else of CKAN's must keep CKAN's wording: our catalog is
# merged into CKAN's, so an entry here changes every page that uses it.
_IMPROVED_CORE = {"About", "About {0}", "Go", "Next: Add Data", "Remember me",
                  "eg. A descriptive title", "eg. my-dataset", "Search datasets",
                  "Format", "Organization not found"}


def test_core_strings_keep_their_meaning(catalogs):
    ours, theirs = catalogs
    changed = {m.id: (theirs.get(m.id).string, m.string) for m in ours
               if m.id and theirs.get(m.id) and _translated(theirs.get(m.id))
               and theirs.get(m.id).string != m.string and m.id not in _IMPROVED_CORE}
    assert not changed, f"our .po changes CKAN's own translations: {changed}"


@pytest.mark.parametrize("plugin", ["tdpf_trust", "tdpf_market", "tdpf_community"])
def test_plugin_catalogs_leave_core_strings_alone(catalogs, plugin):
    """The trust and market catalogs are merged into CKAN's too: a msgid of
    CKAN's there would rename it on every page (e.g. 「Public」 on every
    dataset's visibility)."""
    import importlib
    _ours, theirs = catalogs
    package = Path(importlib.import_module(f"ckanext.{plugin}").__file__).parent
    with open(package / "i18n" / "ja" / "LC_MESSAGES" / f"ckanext-{plugin}.po", "rb") as f:
        catalog = pofile.read_po(f)
    changed = {m.id: (theirs.get(m.id).string, m.string) for m in catalog
               if m.id and theirs.get(m.id) and _translated(theirs.get(m.id))
               and theirs.get(m.id).string != m.string}
    assert not changed, f"ckanext-{plugin}.po changes CKAN's own translations: {changed}"


def test_one_english_string_has_one_japanese_across_the_bundle():
    """CKAN merges every plugin's catalog into one: when two of ours translate
    the same msgid differently, whichever loads last wins on every page (the
    market's CSV headers once read 種類 instead of 種別 that way)."""
    root = PKG.parents[2]
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted(root.glob("*/ckanext/*/i18n/ja/LC_MESSAGES/*.po")):
        with open(path, "rb") as f:
            for m in pofile.read_po(f):
                if not (m.id and _translated(m)):
                    continue
                key, text = _plain(m.id), _plain(m.string)
                first = seen.setdefault(key, (path.name, text))
                if first[1] != text:
                    clashes.append((key, first, (path.name, text)))
    assert len(list(root.glob("*/ckanext/*/i18n/ja/LC_MESSAGES/*.po"))) >= 3
    assert not clashes, clashes
