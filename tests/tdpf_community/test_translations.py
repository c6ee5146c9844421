"""Every string of the community plugin has Japanese: what babel extracts
from its Python (``_`` and ``n_``, the notices stored untranslated) and
templates, plus the labels kept in tables, is in its .po or CKAN's
catalog or the core's; the compiled .mo matches the .po."""
from __future__ import annotations

from pathlib import Path

from babel.messages import extract, mofile, pofile

import ckan

import ckanext.tdpf as core
import ckanext.tdpf_community as community
from ckanext.tdpf_community.comments.actions import KIND_LABELS
from ckanext.tdpf_community.requests.model import STATUS_LABELS

PKG = Path(community.__file__).parent
LC = PKG / "i18n" / "ja" / "LC_MESSAGES"


def _catalog(path: Path):
    with open(path, "rb") as f:
        return (mofile.read_mo if path.suffix == ".mo" else pofile.read_po)(f)


def _extracted() -> set[str]:
    keywords = {**extract.DEFAULT_KEYWORDS, "n_": None}
    found = set()
    for _file, _line, msgid, _comments, _ctx in extract.extract_from_dir(
            str(PKG), method_map=[("**/templates/**.html", "ckan"), ("**.py", "python")],
            keywords=keywords, options_map={"**/templates/**.html": {"silent": "false"}}):
        found.add(msgid[0] if isinstance(msgid, tuple) else msgid)
    return found | set(KIND_LABELS.values()) | set(STATUS_LABELS.values())


def test_every_string_has_japanese():
    ours = _catalog(LC / "ckanext-tdpf_community.po")
    others = [_catalog(Path(ckan.__file__).parent / "i18n/ja/LC_MESSAGES/ckan.mo"),
              _catalog(Path(core.__file__).parent / "i18n/ja/LC_MESSAGES/ckanext-tdpf.po")]
    wanted = _extracted()
    assert "+1 I want this too" in wanted and "Highest rated first" in wanted
    missing = sorted(m for m in wanted if not any(
        (c.get(m) is not None and c.get(m).string) for c in (ours, *others)))
    assert not missing, f"no Japanese for: {missing}"


def test_compiled_catalog_matches_the_po():
    po, mo = _catalog(LC / "ckanext-tdpf_community.po"), _catalog(
        LC / "ckanext-tdpf_community.mo")
    assert {m.id: m.string for m in po if m.id} == {m.id: m.string for m in mo if m.id}
