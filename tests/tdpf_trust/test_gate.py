"""The publication gate: no path makes a dataset public, or changes the
data of a public one, without a current warranty; refusals write nothing."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import factories as tdpf_factories
from tests.demo_support import cut_demo_catalog
from tests.tdpf_trust.t1_support import ATTEST, ctx, provider_site

pytestmark = pytest.mark.usefixtures("clean_db")


def _private(name: str) -> bool:
    return model.Package.get(name).private


def _refused(message_part: str = "warrant"):
    return pytest.raises(Exception, match=message_part)


def test_no_path_publishes_without_a_warranty():
    site = provider_site()
    editor, org, ds = site["editor"], site["org"], site["ds"]
    sysadmin = factories.Sysadmin()
    # create public: refused and nothing stored, for sysadmins too
    for user in (editor, sysadmin):
        with _refused() as err:
            call_action("package_create", ctx(user), name="direct", title="直接公開",
                        owner_org=org["id"], license_id="cc-by-4.0")
        assert "private" in err.value.error_dict
        assert model.Package.get("direct") is None
    # patch / update to public
    with _refused():
        call_action("package_patch", ctx(editor), id=ds["id"], private=False)
    full = call_action("package_show", ctx(editor), id=ds["id"])
    with _refused():
        call_action("package_update", ctx(editor), **dict(full, private=False))
    # internal calls (ignore_auth) are no bypass
    with _refused():
        call_action("package_patch", {"user": editor["name"]}, id=ds["id"], private=False)
    # bulk: names the dataset
    with _refused() as err:
        call_action("bulk_update_public", ctx(site["admin"]), datasets=[ds["id"]],
                    org_id=org["id"])
    assert "shelters" in err.value.error_dict
    assert _private("shelters")
    # a draft becoming active while public (the web form's last step)
    draft = call_action("package_create", ctx(editor), name="draft-one", title="下書き",
                        owner_org=org["id"], license_id="cc-by-4.0", state="draft",
                        private=False)
    with _refused():
        call_action("package_patch", ctx(editor), id=draft["id"], state="active")
    assert model.Package.get("draft-one").state == "draft"


def test_a_current_warranty_opens_the_gate():
    site = provider_site()
    editor, org, ds = site["editor"], site["org"], site["ds"]
    call_action("tdpf_warranty_create", ctx(editor), id=ds["id"], **ATTEST)
    call_action("package_patch", ctx(editor), id=ds["id"], private=False)
    assert not _private("shelters")
    # found by anonymous search at once (indexed in the same transaction)
    assert call_action("package_search", ctx(None), q="避難所")["count"] == 1

    # bulk works once warranted
    other = call_action("package_create", ctx(editor), name="other", title="その他",
                        owner_org=org["id"], license_id="cc-by-4.0", private=True,
                        privacy_policy_contains_personal_data="非個人情報")
    call_action("tdpf_warranty_create", ctx(site["admin"]), id=other["id"], **ATTEST)
    call_action("bulk_update_public", ctx(site["admin"]), datasets=[other["id"]],
                org_id=org["id"])
    assert not _private("other")

    # create and publish in one call with the warranty inline
    made = call_action("package_create", ctx(editor), name="inline", title="一括",
                       owner_org=org["id"], license_id="cc-by-4.0",
                       privacy_policy_contains_personal_data="非個人情報",
                       tdpf_warranty_attestation=ATTEST)
    assert not made["private"] and made["tdpf_warranty"]["current"]
    # ... but not by someone who may not warrant for that organisation
    outsider_org = factories.Organization(users=[{"name": site["outsider"]["name"],
                                                  "capacity": "member"}])
    with pytest.raises(Exception) as err:
        call_action("package_create", ctx(site["outsider"]), name="sneaky",
                    owner_org=outsider_org["id"], license_id="cc-by-4.0",
                    tdpf_warranty_attestation=ATTEST)
    assert type(err.value).__name__ == "NotAuthorized"


def test_public_datasets_need_a_new_warranty_for_new_or_changed_data():
    site = provider_site()
    editor, ds = site["editor"], site["ds"]
    call_action("tdpf_warranty_create", ctx(editor), id=ds["id"], **ATTEST)
    call_action("package_patch", ctx(editor), id=ds["id"], private=False)
    res = call_action("package_show", ctx(editor), id=ds["id"])["resources"][0]

    with _refused("changed since"):
        call_action("resource_create", ctx(editor), package_id=ds["id"],
                    url="https://example.lg.jp/new.csv")
    with _refused("changed since"):
        call_action("resource_patch", ctx(editor), id=res["id"],
                    url="https://example.lg.jp/other.csv")
    shown = call_action("package_show", ctx(editor), id=ds["id"])
    assert [r["url"] for r in shown["resources"]] == ["https://example.lg.jp/shelters.csv"]
    assert shown["tdpf_warranty"]["current"]

    # metadata that the warranty does not cover can change freely
    call_action("package_patch", ctx(editor), id=ds["id"], tag_string="防災")
    # with a warranty in the same call, the change goes through
    call_action("resource_patch", ctx(editor), id=res["id"],
                url="https://example.lg.jp/other.csv", tdpf_warranty_attestation=ATTEST)
    call_action("resource_create", ctx(editor), package_id=ds["id"],
                url="https://example.lg.jp/new.csv",
                **{f"tdpf_attest_{k}": "on" for k in ATTEST})
    shown = call_action("package_show", ctx(editor), id=ds["id"])
    assert len(shown["resources"]) == 2 and shown["tdpf_warranty"]["current"]
    assert not any(k.startswith("tdpf_attest") for k in shown["resources"][1])
    # removing data needs no promise
    call_action("resource_delete", ctx(editor), id=res["id"])
    # moving to another organisation: that organisation must warrant it
    other_org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    with _refused("changed since"):
        call_action("package_patch", ctx(editor), id=ds["id"], owner_org=other_org["id"])
    assert model.Package.get(ds["id"]).owner_org == site["org"]["id"]
    moved = call_action("package_patch", ctx(editor), id=ds["id"], owner_org=other_org["id"],
                        tdpf_warranty_attestation=ATTEST)
    assert moved["owner_org"] == other_org["id"] and moved["tdpf_warranty"]["current"]


def test_harvested_records_are_exempt_and_manual_source_urls_are_not():
    import sqlalchemy as sa

    site = provider_site()
    org = site["org"]
    data = dict(name="harvested", title="収集", owner_org=org["id"], license_id="cc-by-4.0",
                source_catalog_url="https://catalog.example.jp/",
                source_catalog_name="例示カタログ")
    with _refused():  # filling in a source URL is not enough
        call_action("package_create", ctx(site["editor"]), **data)
    # what the harvesters do: a current harvest object points at the id first
    source = factories.Sysadmin()
    harvest_source = call_action("harvest_source_create", {"user": source["name"]},
                                 name="src", url="http://127.0.0.1:9/",
                                 source_type="tdpf_ckan", owner_org=org["id"])
    pkg_id = "6f1e5c0a-0000-4000-8000-000000000001"
    model.Session.execute(sa.text("SET CONSTRAINTS ALL DEFERRED"))
    model.Session.execute(sa.text(
        "INSERT INTO harvest_object (id, guid, current, package_id, harvest_source_id, "
        "state, report_status, gathered) VALUES ('ho1', 'g1', true, :pid, :sid, 'COMPLETE', "
        "'added', now())"), {"pid": pkg_id, "sid": harvest_source["id"]})
    made = call_action("package_create", {"user": source["name"], "defer_commit": True},
                       id=pkg_id, **data)
    model.Session.commit()
    assert made["private"] is False
    shown = call_action("package_show", ctx(None), id="harvested")
    assert shown["tdpf_warranty"]["harvested"]


def test_factories_and_demo_loader_still_publish(monkeypatch):
    from ckanext.tdpf import demo

    org = factories.Organization()
    ds = tdpf_factories.Dataset(owner_org=org["id"])
    assert ds["private"] is False and ds["tdpf_warranty"]["current"]

    some = cut_demo_catalog(monkeypatch, 4)
    sysadmin = factories.Sysadmin()
    counts = demo.load(sysadmin["name"], echo=lambda _line: None)
    assert counts["datasets_created"] == counts["datasets_total"] == 4
    found = call_action("package_search", ctx(None), fq="tdpf_warranted:warranted",
                        q="-name:" + ds["name"])
    assert sorted(d["name"] for d in found["results"]) == sorted(d["name"] for d in some)
    # loading again creates nothing
    assert demo.load(sysadmin["name"], echo=lambda _line: None)["datasets_created"] == 0
