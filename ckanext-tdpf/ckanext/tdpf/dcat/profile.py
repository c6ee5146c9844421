"""The ``tdpf`` RDF profile: DCAT-AP 3 for the TDPF schema, with ODRL.

Extends ckanext-dcat's ``euro_dcat_ap_3`` profile: the export hands it a
copy of the dataset with URIs in place of our stored codes and then adds what
DCAT-AP 3 has no property for; the parse maps DCAT back to our fields (see
``export`` and ``parse``)."""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, SKOS
from rdflib.namespace import DCTERMS as DCT

import ckan.plugins.toolkit as tk

from ckanext.dcat.profiles import EuropeanDCATAP3Profile

from . import export, parse
from .namespaces import EU_DATA_THEME, EU_LANGUAGE, TDPF, THEME


class TdpfDCATAP3Profile(EuropeanDCATAP3Profile):
    """DCAT-AP 3 + TDPF fields + ODRL offers (entry point ``tdpf``)."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        org = export.organisation(dataset_dict, self._organisations())
        super().graph_from_dataset(export.to_dcat_dict(dataset_dict, org), dataset_ref)
        export.add_tdpf_triples(self.g, dataset_ref, dataset_dict, org)
        self.g.bind("tdpf", TDPF)
        self.g.bind("cadde", export.CADDE)
        self.g.bind("odrl", export.odrl.ODRL)

    def _organisations(self) -> dict:
        """Organisations already looked up for this output. Not ckanext-dcat's
        _org_cache: a class attribute shared by every profile of the process
        and never cleared, so a long-running web worker would keep publishing
        an organisation's old title or provider type. The graph lives as long
        as one serialisation (a whole catalog page shares it)."""
        cache = getattr(self.g, "_tdpf_organisations", None)
        if cache is None:
            cache = {}
            self.g._tdpf_organisations = cache
        return cache

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        # DCAT-AP wants a LinguisticSystem, not ckanext-dcat's literal locale.
        super().graph_from_catalog({**(catalog_dict or {}), "language": str(EU_LANGUAGE.JPN)},
                                   catalog_ref)
        g = self.g
        g.add((EU_LANGUAGE.JPN, RDF.type, DCT.LinguisticSystem))
        for home in g.objects(catalog_ref, FOAF.homepage):
            g.add((home, RDF.type, FOAF.Document))
        publisher = URIRef(str(catalog_ref).rstrip("/") + "/#publisher")
        g.add((catalog_ref, DCT.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal(tk.config.get("ckan.site_title") or "TDPF")))
        for scheme, title in ((EU_DATA_THEME, "Data theme"),
                              (THEME, "e-Govデータポータル 17分類")):
            uri = URIRef(str(scheme).rstrip("/"))
            g.add((catalog_ref, DCAT.themeTaxonomy, uri))
            g.add((uri, RDF.type, SKOS.ConceptScheme))
            g.add((uri, DCT.title, Literal(title)))

    def parse_dataset(self, dataset_dict, dataset_ref):
        geojson = parse.detach_geometries(self.g, dataset_ref)
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        parse.dataset_fields(self.g, dataset_ref, dataset_dict, geojson)
        dists = list(self._distributions(dataset_ref))
        for res in dataset_dict.get("resources", []):
            dist = next((d for d in dists if str(d) == res.get("distribution_ref")), None)
            if dist is not None:
                parse.resource_fields(self.g, dist, res)
        return dataset_dict
