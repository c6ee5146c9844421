"""The tdpf profile maps every TDPF field to DCAT-AP 3 (graph side)."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, SKOS, XSD
from rdflib.namespace import DCTERMS as DCT

from ckan.tests.helpers import call_action

from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.utils import dataset_uri, resource_uri
from ckanext.tdpf.dcat import mapping
from ckanext.tdpf.dcat.namespaces import CADDE, GSP, LOCN, ODRL, PROV, TDPF
from ckanext.tdpf.dcat.vocab import EU_AUTHORITIES

from .conftest import dataset_graph

EU = "http://publications.europa.eu/resource/authority/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
IANA = "https://www.iana.org/assignments/media-types/"


@pytest.fixture
def graph(open_dataset):
    return dataset_graph(open_dataset), URIRef(dataset_uri(open_dataset)), open_dataset


def objects(g, s, p):
    return {str(o) for o in g.objects(s, p)}


def test_core_fields(graph):
    g, ds, pkg = graph
    assert (ds, RDF.type, DCAT.Dataset) in g
    assert objects(g, ds, DCT.title) == {"指定緊急避難場所一覧"}
    assert objects(g, ds, DCT.description) == {pkg["notes"]}
    assert objects(g, ds, DCAT.keyword) == {"防災", "避難所"}
    assert objects(g, ds, DCAT.landingPage) == {pkg["url"]}
    assert objects(g, ds, DCAT.version) == {"2024.04"}
    assert g.value(ds, DCT.issued).datatype == XSD.dateTime


def test_publisher_is_the_organisation_with_its_provider_type(graph):
    g, ds, pkg = graph
    publisher = g.value(ds, DCT.publisher)
    assert str(publisher).endswith("/organization/" + pkg["owner_org"])
    assert objects(g, publisher, FOAF.name) == {"千代田区"}
    assert objects(g, publisher, DCT.type) == {"http://purl.org/adms/publishertype/LocalAuthority"}
    assert objects(g, ds, TDPF.providerType) == {"municipality"}


def test_publisher_follows_changes_of_the_organisation(open_dataset, sysadmin, org):
    """A long-running worker publishes the organisation as it is now (the
    profile does not keep organisations between outputs)."""
    ds = URIRef(dataset_uri(open_dataset))
    g = dataset_graph(open_dataset)
    assert objects(g, g.value(ds, DCT.publisher), FOAF.name) == {"千代田区"}
    call_action("organization_patch", {"user": sysadmin["name"]}, id=org["id"],
                title="千代田区役所", provider_type="national")
    g = dataset_graph(call_action("package_show", id=open_dataset["id"]))
    agent = g.value(ds, DCT.publisher)
    assert objects(g, agent, FOAF.name) == {"千代田区役所"}
    assert objects(g, agent, DCT.type) == {"http://purl.org/adms/publishertype/NationalAuthority"}


def test_contact_point_is_a_vcard(graph):
    g, ds, _pkg = graph
    contact = g.value(ds, DCAT.contactPoint)
    assert (contact, RDF.type, URIRef(VCARD + "Kind")) in g
    assert objects(g, contact, URIRef(VCARD + "fn")) == {"千代田区 防災課"}
    assert objects(g, contact, URIRef(VCARD + "hasEmail")) == {"mailto:bousai@city.chiyoda.lg.jp"}


def test_themes_in_our_scheme_and_the_eu_data_theme(graph):
    g, ds, _pkg = graph
    assert objects(g, ds, DCAT.theme) == {
        "https://w3id.org/tdpf/theme/justice_environment",
        "https://w3id.org/tdpf/theme/land_weather",
        EU + "data-theme/JUST", EU + "data-theme/ENVI"}
    ours = URIRef("https://w3id.org/tdpf/theme/justice_environment")
    assert (ours, RDF.type, SKOS.Concept) in g
    assert Literal("司法・安全・環境", lang="ja") in set(g.objects(ours, SKOS.prefLabel))
    focus = g.value(ds, TDPF.focusArea)
    assert str(focus) == "https://w3id.org/tdpf/focus-area/disaster"
    assert Literal("防災", lang="ja") in set(g.objects(focus, SKOS.prefLabel))


def test_spatial_municipalities_and_geometry(graph):
    g, ds, _pkg = graph
    spatial = set(g.objects(ds, DCT.spatial))
    chiyoda = URIRef("https://w3id.org/tdpf/lg/131016")
    assert chiyoda in spatial and URIRef("https://w3id.org/tdpf/lg/131024") in spatial
    assert objects(g, chiyoda, SKOS.prefLabel) == {"東京都 千代田区"}
    assert objects(g, chiyoda, DCT.identifier) == {"131016"}
    [geometry] = [g.value(s, LOCN.geometry) for s in spatial if g.value(s, LOCN.geometry)]
    assert (geometry, RDF.type, LOCN.Geometry) in g
    assert json.loads(str(g.value(geometry, GSP.asGeoJSON)))["type"] == "Polygon"
    assert str(g.value(geometry, GSP.asWKT)).startswith("POLYGON ((139.73")


def test_temporal_frequency_language_access_rights_standard(graph):
    g, ds, _pkg = graph
    period = g.value(ds, DCT.temporal)
    assert (period, RDF.type, DCT.PeriodOfTime) in g
    assert g.value(period, DCAT.startDate) == Literal("2024-04-01", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == Literal("2025-03-31", datatype=XSD.date)
    assert objects(g, ds, DCT.accrualPeriodicity) == {EU + "frequency/ANNUAL"}
    assert objects(g, ds, DCT.language) == {EU + "language/JPN", EU + "language/ENG"}
    assert objects(g, ds, DCT.accessRights) == {EU + "access-right/PUBLIC"}
    assert objects(g, ds, DCT.conformsTo) == {"https://w3id.org/tdpf/standard-dataset/evacuation_site"}


def test_provenance_and_cadde_keys(graph):
    g, ds, pkg = graph
    assert objects(g, ds, PROV.wasDerivedFrom) == {pkg["source_page_url"]}
    assert objects(g, ds, TDPF.sourceCatalogName) == {"千代田区オープンデータ"}
    assert objects(g, ds, TDPF.globalId) == {pkg["global_id"]}
    identifier = g.value(ds, URIRef("http://www.w3.org/ns/adms#identifier"))
    assert objects(g, identifier, SKOS.notation) == {pkg["global_id"]}
    assert objects(g, ds, CADDE.fee) == {"無償"}
    assert objects(g, ds, CADDE.trading_policy_use_application) == {"制限なし"}
    assert objects(g, ds, CADDE.warranty_legal_compliance) == {"日本"}


def test_distributions(graph):
    g, ds, pkg = graph
    csv, geojson, api = (URIRef(resource_uri(r)) for r in pkg["resources"])
    assert set(g.objects(ds, DCAT.distribution)) == {csv, geojson, api}
    assert objects(g, csv, DCT["format"]) == {EU + "file-type/CSV"}
    assert objects(g, csv, DCAT.mediaType) == {IANA + "text/csv"}
    assert g.value(csv, DCAT.byteSize) == Literal(20480, datatype=XSD.nonNegativeInteger)
    assert objects(g, csv, DCAT.downloadURL) == {pkg["resources"][0]["url"]}
    assert objects(g, csv, DCT.conformsTo) == {"https://w3id.org/tdpf/standard-dataset/evacuation_site"}
    assert objects(g, csv, URIRef("http://www.w3.org/2011/content#characterEncoding")) == {"UTF-8"}
    assert g.value(csv, DCT.issued) == Literal("2024-04-01", datatype=XSD.date)
    assert objects(g, csv, DCT.license) == {"https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"}
    assert objects(g, geojson, DCT["format"]) == {EU + "file-type/GEOJSON"}
    assert objects(g, geojson, DCAT.mediaType) == {IANA + "application/geo+json"}
    # No EU file type for an API: no dct:format (the shapes want the EU table), our own property instead
    assert objects(g, api, DCT["format"]) == set()
    assert objects(g, api, TDPF["format"]) == {"API"}
    assert objects(g, api, DCAT.accessURL) == {pkg["resources"][2]["url"]}
    assert objects(g, api, DCAT.downloadURL) == set()
    for dist in (csv, geojson, api):
        assert objects(g, dist, ODRL.hasPolicy) == {
            f"http://test.ckan.net/dataset/{pkg['id']}/policy.jsonld"}


def test_every_file_type_is_in_the_eu_table():
    table = Graph().parse(EU_AUTHORITIES, format="turtle")
    for fmt in mapping.FILE_TYPES:
        assert (mapping.file_type_uri(fmt), RDF.type, SKOS.Concept) in table, fmt
        assert mapping.format_from_uri(mapping.file_type_uri(fmt)) == fmt


def test_licence_document_has_its_type(graph):
    g, _ds, _pkg = graph
    pdl = URIRef("https://www.digital.go.jp/resources/open_data/public_data_license_v1.0")
    assert objects(g, pdl, DCT.type) == {"http://purl.org/adms/licencetype/Attribution"}
    assert (pdl, RDF.type, DCT.LicenseDocument) in g


def test_each_licence_keeps_its_type_in_a_catalog(open_dataset, sysadmin, org):
    # The catalog builds every dataset into one graph: a later dataset must
    # not take the licence type off an earlier dataset's licence.
    from .conftest import make_dataset

    other = make_dataset(sysadmin, org, {"title": "継承", "notes": "継承ライセンスのデータ",
                                         "license_id": "cc-by-sa-4.0",
                                         "resources": [{"name": "継承", "format": "CSV",
                                                        "url": "https://example.org/a.csv"}]},
                         name="keisho")
    serializer = RDFSerializer(profiles=["tdpf"])
    serializer.graph_from_dataset(open_dataset)
    serializer.graph_from_dataset(other)
    g = serializer.g
    pdl = URIRef("https://www.digital.go.jp/resources/open_data/public_data_license_v1.0")
    by_sa = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
    assert objects(g, pdl, DCT.type) == {"http://purl.org/adms/licencetype/Attribution"}
    assert objects(g, by_sa, DCT.type) == {"http://purl.org/adms/licencetype/ShareAlike"}


def test_conditional_licence_and_restricted_access(conditional_dataset):
    g = dataset_graph(conditional_dataset)
    ds = URIRef(dataset_uri(conditional_dataset))
    assert objects(g, ds, DCT.accessRights) == {EU + "access-right/RESTRICTED"}
    [dist] = g.objects(ds, DCAT.distribution)
    assert objects(g, dist, DCT.license) == {"https://w3id.org/tdpf/licence/conditional"}
    period = g.value(ds, CADDE.usage_license_period)
    assert period.datatype == RDF.JSON
    assert json.loads(str(period))["period"]["unit"] == "year"
    assert objects(g, ds, CADDE.trading_policy_use_application) == {"研究", "公共"}


def test_terms_of_use_notices_are_the_distribution_rights(graph):
    g, ds, _pkg = graph
    for dist in g.objects(ds, DCAT.distribution):
        rights = g.value(dist, DCT.rights)
        assert (rights, RDF.type, DCT.RightsStatement) in g
        assert objects(g, rights, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) == {
            "出典を明記してください。"}


def test_personal_data_is_a_dataset_type(graph):
    g, ds, pkg = graph
    assert objects(g, ds, DCT.type) == set()  # 非個人情報
    personal = dict(pkg, privacy_policy_contains_personal_data="個人情報(要配慮個人情報を含まない)")
    g = dataset_graph(personal)
    assert objects(g, ds, DCT.type) == {EU + "dataset-type/PERSONAL_DATA"}


def test_resource_without_url_is_accessed_at_its_page(clean_db, sysadmin, org):
    from .conftest import make_dataset

    pkg = make_dataset(sysadmin, org, {"title": "準備中", "notes": "公開準備中のデータ",
                                       "license_id": "cc-by-4.0",
                                       "resources": [{"name": "準備中", "format": "CSV"}]},
                       name="junbi")
    g = dataset_graph(pkg)
    [dist] = g.objects(URIRef(dataset_uri(pkg)), DCAT.distribution)
    assert objects(g, dist, DCAT.accessURL) == {resource_uri(pkg["resources"][0])}
    assert objects(g, dist, DCAT.downloadURL) == set()
