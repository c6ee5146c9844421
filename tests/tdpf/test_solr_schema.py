"""The shipped Solr schema keeps everything CKAN 2.12 needs (static check;
Solr cannot run on our machines, see config/solr/README.md)."""
from __future__ import annotations

import importlib.util
import os
import pathlib

import ckan

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_schema_covers_ckan_and_uses_japanese_analysis():
    spec = importlib.util.spec_from_file_location(
        "check_schema", ROOT / "config" / "solr" / "check_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stock = os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")
    problems, _ = module.check(pathlib.Path(stock), ROOT / "config" / "solr" / "schema.xml")
    assert problems == []
