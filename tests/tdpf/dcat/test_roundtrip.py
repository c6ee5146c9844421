"""Round trip: our DCAT output, served by a real HTTP server on 127.0.0.1,
harvested back by ckanext-dcat's RDF harvester (dcat_rdf_harvester) with the
tdpf profile, keeps every field."""
from __future__ import annotations

import http.server
import json
import threading

import pytest
from rdflib import Graph

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.vocab import formats

from .conftest import CONDITIONAL_FIELDS, OPEN_FIELDS, make_dataset

# Without tdpf_trust: ckanext-dcat's stock harvester marks its harvest object
# current only after the dataset is written, so the publication gate cannot
# tell its records from a user's and asks for a warranty (TDPF harvests with
# tdpf_dcat, which is exempt; see harvesters/README.md).
PLUGINS = ("tdpf scheming_datasets scheming_organizations dcat harvest "
           "dcat_rdf_harvester tdpf_market activity")

DATASET_FIELDS = (
    "title", "notes", "license_id", "url", "version", "maintainer", "maintainer_email",
    "provider_type", "municipality_codes", "theme", "focus_area", "standard_dataset",
    "temporal_start", "temporal_end", "frequency", "language", "access_rights",
    "source_catalog_name", "source_catalog_url", "source_page_url", "source_original_id",
    "global_id", "fee", "fee_amount", "fee_unit", "pricing_price_range", "pricing_notices_of_price", "sales_info_url",
    "trading_policy_contract_type", "trading_policy_nda", "trading_policy_use_application",
    "scope_of_disclosure", "terms_of_use_permissible_region", "terms_of_use_notices",
    "privacy_policy_contains_personal_data", "warranty_express_warranty",
    "warranty_legal_compliance", "usage_license_period", "haspolicy_url",
)
RESOURCE_FIELDS = ("name", "description", "url", "format", "mimetype", "size",
                   "character_encoding", "conforms_to", "issued", "modified", "language")


class _Catalog(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """Serve bytes as /catalog.ttl on 127.0.0.1; yields a setter returning the URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Catalog)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def publish(body: bytes) -> str:
        _Catalog.body = body
        return f"http://127.0.0.1:{server.server_port}/catalog.ttl"

    yield publish
    server.shutdown()
    server.server_close()


def _harvest(url: str, owner_org: str, user: str) -> dict[str, dict]:
    from ckanext.dcat.harvesters import DCATRDFHarvester
    from ckanext.harvest.model import HarvestJob
    from ckanext.harvest.tests.lib import run_harvest_job

    source = call_action("harvest_source_create", {"user": user}, name="roundtrip",
                         title="Round trip", url=url, source_type="dcat_rdf",
                         owner_org=owner_org, frequency="MANUAL")
    job = call_action("harvest_job_create", {"user": user}, source_id=source["id"], run=False)
    return run_harvest_job(HarvestJob.get(job["id"]), DCATRDFHarvester())


def _normalise(value):
    """JSON text as data; lists as sorted lists (RDF values have no order);
    "" and None both mean no value."""
    if value in ("", None):
        return None
    if isinstance(value, str) and value.startswith(("[", "{")):
        value = json.loads(value)
    return sorted(value) if isinstance(value, list) else value


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_export_harvest_back_keeps_every_field(app, clean_db, migrate_db_for, sysadmin,
                                                org, serve):
    migrate_db_for("harvest")
    created = [make_dataset(sysadmin, org, OPEN_FIELDS, name="hinanbasho"),
               make_dataset(sysadmin, org, CONDITIONAL_FIELDS, name="jinryu")]
    # what the public catalog shows (the market plugin replaces the URLs of
    # conditional data with its request-access page)
    originals = [call_action("package_show", {"user": ""}, id=pkg["id"]) for pkg in created]
    response = app.get("/catalog.ttl")
    assert response.status_code == 200
    body = response.body.encode("utf-8")
    assert len(Graph().parse(data=body, format="turtle")) > 100
    for pkg in originals:  # the copy must come from the RDF, not the database
        call_action("dataset_purge", {"user": sysadmin["name"]}, id=pkg["id"])
    harvested_org = ckan_factories.Organization(name="harvested")

    results = _harvest(serve(body), harvested_org["id"], sysadmin["name"])

    assert len(results) == 2
    by_title = {}
    for result in results.values():
        assert result["state"] == "COMPLETE", result["errors"]
        by_title[result["dataset"]["title"]] = result["dataset"]
    for original in originals:
        copy = by_title[original["title"]]
        assert copy["owner_org"] == harvested_org["id"]
        for field in DATASET_FIELDS:
            assert _normalise(copy.get(field)) == _normalise(original.get(field)), field
        assert json.loads(copy.get("spatial") or "null") == json.loads(original.get("spatial") or "null")
        assert sorted(t["name"] for t in copy["tags"]) == sorted(t["name"] for t in original["tags"])
        assert len(copy["resources"]) == len(original["resources"])
        for res in original["resources"]:
            [back] = [r for r in copy["resources"] if r["name"] == res["name"]]
            expected = dict(res)
            if res["url"].endswith("/request-access"):
                # conditional data: the link to ask for access travels with
                # the record, never the data's own URL
                assert back["url"].endswith("/request-access")
                expected["url"] = back["url"]
            # the export states the media type of a known format when none is stored
            expected["mimetype"] = res.get("mimetype") or formats.media_type(res["format"])
            for field in RESOURCE_FIELDS:
                if field in ("issued", "modified") and not res.get(field):
                    continue  # DCAT falls back to the creation dates: a value appears
                assert _normalise(back.get(field)) == _normalise(expected.get(field)), (res["name"], field)
