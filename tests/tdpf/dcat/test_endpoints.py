"""ckanext-dcat's endpoints with the tdpf profile, and who sees what.

Private datasets never appear in the catalog (whoever asks), and their own
DCAT and policy documents answer only to those who may see the dataset."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF
from rdflib.namespace import DCTERMS as DCT

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.dcat.namespaces import ODRL

from .conftest import CONDITIONAL_FIELDS, OPEN_FIELDS, make_dataset


@pytest.fixture
def world(clean_db, sysadmin, org):
    public = make_dataset(sysadmin, org, OPEN_FIELDS, name="hinanbasho")
    private = make_dataset(sysadmin, org, CONDITIONAL_FIELDS, name="jinryu-private",
                           private=True)
    member = ckan_factories.User()
    call_action("organization_member_create", {"user": sysadmin["name"]},
                id=org["id"], username=member["name"], role="member")
    outsider = ckan_factories.User()
    ckan_factories.Organization(users=[{"name": outsider["name"], "capacity": "admin"}])
    return {"public": public, "private": private,
            "anonymous": {},
            "outsider": {"Authorization": ckan_factories.APIToken(user=outsider["name"])["token"]},
            "member": {"Authorization": ckan_factories.APIToken(user=member["name"])["token"]},
            "sysadmin": {"Authorization": ckan_factories.APIToken(user=sysadmin["name"])["token"]}}


def _graph(response, fmt: str) -> Graph:
    assert response.status_code == 200, response.body[:500]
    return Graph().parse(data=response.body, format=fmt)


def _dataset_titles(g: Graph) -> set[str]:
    return {str(g.value(d, DCT.title)) for d in g.subjects(None, DCAT.Dataset)}


JPN = URIRef("http://publications.europa.eu/resource/authority/language/JPN")
CATALOGS = [("/catalog.ttl", "turtle"), ("/catalog.jsonld", "json-ld"), ("/catalog.rdf", "xml")]


def test_catalog_lists_public_datasets_only(app, world):
    # One database for every (visitor, format) pair: clean_db is the slow part.
    for who in ("anonymous", "outsider", "member", "sysadmin"):
        for path, fmt in CATALOGS:
            g = _graph(app.get(path, headers=world[who]), fmt)
            assert _dataset_titles(g) == {"指定緊急避難場所一覧"}, (who, path)
            assert "jinryu" not in g.serialize(format="nt"), (who, path)
            assert next(g.subjects(ODRL.hasPolicy, None), None) is not None
            [catalog] = g.subjects(RDF.type, DCAT.Catalog)
            assert set(g.objects(catalog, DCT.language)) == {JPN}, (who, path)
        # a search that matches only the private dataset finds nothing
        for query in ("/catalog.ttl?q=人流", "/catalog.ttl?fq=name:jinryu-private"):
            g = _graph(app.get(query, headers=world[who]), "turtle")
            assert _dataset_titles(g) == set(), (who, query)
        g = _graph(app.get("/catalog.ttl?q=避難場所", headers=world[who]), "turtle")
        assert _dataset_titles(g) == {"指定緊急避難場所一覧"}  # the search itself works


def test_dataset_documents(app, world):
    pkg = world["public"]
    ds = URIRef(f"http://test.ckan.net/dataset/{pkg['id']}")
    policy = URIRef(f"http://test.ckan.net/dataset/{pkg['id']}/policy.jsonld")
    for ext, fmt in (("rdf", "xml"), ("ttl", "turtle"), ("jsonld", "json-ld")):
        g = _graph(app.get(f"/dataset/{pkg['id']}.{ext}"), fmt)
        assert str(g.value(ds, DCT.title)) == "指定緊急避難場所一覧"
        assert len(set(g.objects(ds, DCAT.distribution))) == 3
        assert (policy, ODRL.permission, None) in g


def test_private_dataset_document_refused(app, world):
    pkg = world["private"]
    for who in ("anonymous", "outsider"):
        for path in (f"/dataset/{pkg['id']}.ttl", f"/dataset/{pkg['name']}.jsonld",
                     f"/dataset/{pkg['id']}/policy.jsonld"):
            response = app.get(path, headers=world[who])
            assert response.status_code in (403, 404), (who, path)
            assert "人流" not in response.body


def test_private_dataset_documents_for_its_organisation(app, world):
    pkg = world["private"]
    g = _graph(app.get(f"/dataset/{pkg['id']}.ttl", headers=world["member"]), "turtle")
    assert _dataset_titles(g) == {"人流データ（有償）"}
    response = app.get(f"/dataset/{pkg['id']}/policy.jsonld", headers=world["member"])
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/ld+json")
    policy = Graph().parse(data=response.body, format="json-ld")
    assert (None, ODRL.leftOperand, ODRL.purpose) in policy


def test_public_policy_document(app, world):
    pkg = world["public"]
    response = app.get(f"/dataset/{pkg['name']}/policy.jsonld")
    assert response.status_code == 200
    doc = json.loads(response.body)
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    [permission] = g.objects(None, ODRL.permission)
    assert ODRL.distribute in set(g.objects(permission, ODRL.action))
    assert app.get("/dataset/no-such-dataset/policy.jsonld").status_code == 404
