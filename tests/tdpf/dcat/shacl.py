"""Validation of our DCAT output against the official DCAT-AP 3.0.1 SHACL
shapes (shared real-data folder) with pyshacl, offline."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from ckanext.tdpf.dcat.vocab import EU_AUTHORITIES

SHAPES_DIR = Path(__file__).resolve().parents[4] / "shared" / "realdata" / "dcat-ap-shacl" / "3.0.1"
# The 3.0.1 release: shapes, class ranges, controlled vocabularies, deprecated
# URIs. (imports*.ttl only name ontologies to fetch; shapes.ttl, range.ttl and
# shapes_recommended.ttl beside them are the 3.0.0 generation and contradict
# 3.0.1, e.g. locn:geometry must be a literal there and a node in 3.0.1.)
SHAPE_FILES = ("dcat-ap-SHACL.ttl", "ranges.ttl", "mdr-vocabularies.shape.ttl",
               "deprecateduris.ttl")

needs_shapes = pytest.mark.skipif(not SHAPES_DIR.is_dir(),
                                  reason=f"DCAT-AP shapes not found at {SHAPES_DIR}")


def shapes_graph() -> Graph:
    """All shapes of the release. The 3.0.1 files list a few property shapes
    by IRI that no file defines (2 in dcat-ap-SHACL.ttl, 3 more with
    ranges.ttl); pyshacl refuses such references, so they are dropped: there
    is no constraint to check behind them."""
    g = Graph()
    for name in SHAPE_FILES:
        g.parse(SHAPES_DIR / name, format="turtle")
    for shape, prop in list(g.subject_objects(SH.property)):
        if (prop, SH.path, None) not in g:
            g.remove((shape, SH.property, prop))
    return g


def vocabulary_graph() -> Graph:
    return Graph().parse(EU_AUTHORITIES, format="turtle")


def results(data: Graph, shapes: Graph) -> list[dict]:
    """Every validation result as {severity, focus, path, message, value}."""
    from pyshacl import validate

    merged = Graph()
    for triple in data:
        merged.add(triple)
    for triple in vocabulary_graph():  # the facts a consumer would look up
        merged.add(triple)
    _conforms, report, _text = validate(
        merged, shacl_graph=shapes, inference="none", advanced=True,
        allow_warnings=True)
    out = []
    # Top-level results only: nested sh:detail results of a Warning-level
    # sh:node check carry the inner shape's severity, not the finding's.
    for r in report.objects(None, SH.result):
        out.append({"severity": str(report.value(r, SH.resultSeverity)).split("#")[-1],
                    "focus": str(report.value(r, SH.focusNode)),
                    "path": str(report.value(r, SH.resultPath)),
                    "message": str(report.value(r, SH.resultMessage)),
                    "value": str(report.value(r, SH.value))})
    return out


def violations(data: Graph, shapes: Graph) -> list[dict]:
    return [r for r in results(data, shapes) if r["severity"] == "Violation"]
