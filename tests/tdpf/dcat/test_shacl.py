"""Our DCAT output against the official DCAT-AP 3.0.1 SHACL shapes: zero
violations (warnings are listed in the report: our own theme, municipality
and organisation URIs are not in the EU tables, which the shapes only warn
about). Skips when the shared shapes folder is absent."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS as DCT

from ckanext.dcat.utils import dataset_uri
from ckanext.tdpf import demo

from .conftest import dataset_graph
from .shacl import needs_shapes, shapes_graph, violations

pytestmark = needs_shapes


@pytest.fixture(scope="module")
def shapes():
    return shapes_graph()


def test_open_and_conditional_fixtures_conform(open_dataset, conditional_dataset, shapes):
    # both datasets fill every field of the schema
    assert violations(dataset_graph(open_dataset), shapes) == []
    assert violations(dataset_graph(conditional_dataset), shapes) == []


def test_the_check_catches_a_violation(open_dataset, shapes):
    g = dataset_graph(open_dataset)
    ds = URIRef(dataset_uri(open_dataset))
    g.remove((ds, DCT.accrualPeriodicity, None))
    g.add((ds, DCT.accrualPeriodicity, Literal("ANNUAL")))  # what plain ckanext-dcat writes
    found = violations(g, shapes)
    assert found and {v["path"] for v in found} == {str(DCT.accrualPeriodicity)}


def test_demo_catalog_conforms(app, clean_db, sysadmin, shapes):
    counts = demo.load(sysadmin["name"], echo=lambda _msg: None)
    response = app.get("/catalog.ttl?page=1")
    assert response.status_code == 200
    g = Graph().parse(data=response.body, format="turtle")
    datasets = set(g.subjects(None, URIRef("http://www.w3.org/ns/dcat#Dataset")))
    assert len(datasets) == min(counts["datasets_total"], 100)
    assert violations(g, shapes) == []
