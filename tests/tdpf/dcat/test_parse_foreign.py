"""The parse side on real foreign DCAT-AP catalogs (shared real-data folder):
every dataset parses, and what it yields uses only TDPF vocabulary values,
so a harvester can hand it to package_create. Skips when absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from ckanext.dcat.processors import RDFParser
from ckanext.tdpf.dcat import mapping
from ckanext.tdpf.vocab import choices, licences

CATALOGS = Path(__file__).resolve().parents[4] / "shared" / "realdata" / "dcat-examples" / "govdata-de-catalogs"
FILES = [("brandenburg-catalog-original-input.ttl", "turtle"),
         ("bremen-catalog-original-input.rdf", "xml")]


def _keys(name):
    return {v for v, _ja, _en in choices.LISTS[name]}


@pytest.mark.skipif(not CATALOGS.is_dir(), reason=f"{CATALOGS} not found")
@pytest.mark.parametrize(("name", "fmt"), FILES)
def test_foreign_catalog_parses_to_tdpf_values(name, fmt):
    parser = RDFParser(profiles=["tdpf"])
    parser.parse((CATALOGS / name).read_bytes(), _format=fmt)
    datasets = list(parser.datasets())
    assert len(datasets) > 10
    themed = 0
    for d in datasets:
        assert d["title"]
        assert d.get("extras") == []
        assert set(d.get("theme", [])) <= _keys("theme")
        themed += bool(d.get("theme"))
        assert d.get("frequency", "ANNUAL") in _keys("frequency")
        assert set(d.get("language", [])) <= _keys("language")  # German: not in our list
        assert d.get("access_rights", "PUBLIC") in _keys("access_rights")
        assert not d.get("license_id") or d["license_id"] in licences.licences() \
            or d["license_id"].startswith("http")
        for r in d["resources"]:
            # Bremen has a distribution without any URL (a real defect): no url then
            assert r.get("url", "http").startswith("http")
            assert "access_url" not in r and "download_url" not in r
    # EU data themes of foreign records map onto our categories, one each
    assert themed > len(datasets) // 2


def test_eu_themes_read_back_as_one_category_each():
    eu = "http://publications.europa.eu/resource/authority/data-theme/"
    assert mapping.theme_key_from_eu(eu + "ECON") == "economy"
    assert mapping.theme_key_from_eu(eu + "TRAN") == "transport_tourism"
    assert mapping.theme_key_from_eu(eu + "NOPE") is None
    # every category we export maps to an EU theme that reads back as a category
    for code in mapping.EU_THEMES.values():
        assert mapping.theme_key_from_eu(eu + code) in _keys("theme")
