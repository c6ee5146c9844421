"""表明保証: who may warrant, what makes a warranty stale, what package_show,
search and the audit log show."""
from __future__ import annotations

import pytest

from ckan.tests.helpers import call_action

from ckanext.tdpf_trust.audit import chain as audit

from tests.tdpf_trust.t1_support import ATTEST, ctx, provider_site

pytestmark = pytest.mark.usefixtures("clean_db")


def test_only_the_organisations_editors_and_admins_warrant():
    site = provider_site()
    ds = site["ds"]
    for user in (None, site["member"], site["outsider"]):
        with pytest.raises(Exception) as refused:
            call_action("tdpf_warranty_create", ctx(user), id=ds["id"], **ATTEST)
        assert type(refused.value).__name__ == "NotAuthorized"
    # the history is for members of the organisation only
    with pytest.raises(Exception, match="members"):
        call_action("tdpf_warranty_list", ctx(site["outsider"]), id=ds["id"])
    assert call_action("tdpf_warranty_list", ctx(site["member"]), id=ds["id"]) == []
    # the state is for whoever may see the dataset: not anonymous on a private one
    with pytest.raises(Exception) as hidden:
        call_action("tdpf_warranty_show", ctx(None), id=ds["id"])
    assert type(hidden.value).__name__ == "NotAuthorized"
    assert call_action("tdpf_warranty_show", ctx(site["member"]), id=ds["id"]) == {
        "current": False, "harvested": False, "created": None, "organization": None,
        "terms_version": None, "stale": False}

    # every attestation must be given
    with pytest.raises(Exception) as missing:
        call_action("tdpf_warranty_create", ctx(site["editor"]), id=ds["id"],
                    **dict(ATTEST, consent=False, accuracy="", legal_compliance="はい"))
    assert set(missing.value.error_dict) == {"consent", "accuracy", "legal_compliance"}

    made = call_action("tdpf_warranty_create", ctx(site["editor"]), id=ds["id"], **ATTEST)
    assert made["current"] and made["user"] == site["editor"]["name"]
    assert made["personal_data"] == "非個人情報" and made["organization"] == "千代田区"
    shown = call_action("package_show", ctx(site["editor"]), id=ds["id"])["tdpf_warranty"]
    assert shown["current"] and shown["organization"] == "千代田区" and shown["created"]
    # audited with its fingerprint
    record = audit.records(object_type="package", object_id=ds["id"],
                           event="warranty.create")[0]
    assert record.actor == site["editor"]["id"]
    assert record.detail["fingerprint"] == made["fingerprint"]


def test_a_personal_data_statement_is_required_and_must_match():
    site = provider_site()
    ds = call_action("package_create", {"user": site["editor"]["name"]}, name="no-statement",
                     title="記載なし", owner_org=site["org"]["id"], license_id="cc-by-4.0",
                     private=True)
    with pytest.raises(Exception, match="personal data") as err:
        call_action("tdpf_warranty_create", ctx(site["admin"]), id=ds["id"], **ATTEST)
    assert "personal_data" in err.value.error_dict
    for kind in ("たぶんなし", ["非個人情報"]):
        with pytest.raises(Exception, match="Unknown value"):
            call_action("tdpf_warranty_create", ctx(site["admin"]), id=ds["id"],
                        personal_data_kind=kind, **ATTEST)
    with pytest.raises(Exception, match="correct"):
        call_action("tdpf_warranty_create", ctx(site["admin"]), id=site["ds"]["id"],
                    personal_data_kind="匿名加工情報", **ATTEST)
    made = call_action("tdpf_warranty_create", ctx(site["admin"]), id=ds["id"],
                       personal_data_kind="匿名加工情報", **ATTEST)
    assert made["personal_data"] == "匿名加工情報"


def test_resources_covered_fields_and_terms_version_make_it_stale(ckan_config, monkeypatch):
    site = provider_site()
    ds, editor = site["ds"], site["editor"]
    call_action("tdpf_warranty_create", ctx(editor), id=ds["id"], **ATTEST)

    def current() -> bool:
        return call_action("tdpf_warranty_show", ctx(editor),
                           id=ds["id"])["current"]

    # tags are not covered: still current
    call_action("package_patch", ctx(editor), id=ds["id"], tag_string="防災")
    assert current()
    # a resource's URL is: stale
    res = call_action("package_show", ctx(editor), id=ds["id"])["resources"][0]
    call_action("resource_patch", ctx(editor), id=res["id"],
                url="https://example.lg.jp/shelters-2025.csv")
    shown = call_action("tdpf_warranty_show", ctx(editor), id=ds["id"])
    assert not shown["current"] and shown["stale"]
    call_action("tdpf_warranty_create", ctx(editor), id=ds["id"], **ATTEST)
    assert current()
    # the description is covered too
    call_action("package_patch", ctx(editor), id=ds["id"], notes="説明を変更")
    assert not current()
    call_action("tdpf_warranty_create", ctx(editor), id=ds["id"], **ATTEST)
    # new terms: every warranty is stale
    monkeypatch.setitem(ckan_config, "ckanext.tdpf_trust.warranty.terms_version", "2")
    assert not current()
    history = call_action("tdpf_warranty_list", ctx(site["member"]), id=ds["id"])
    assert len(history) == 3 and not any(h["current"] for h in history)
    assert [h["terms_version"] for h in history] == ["1", "1", "1"]


def test_records_are_append_only_in_the_database():
    import sqlalchemy as sa

    from ckan import model

    site = provider_site()
    call_action("tdpf_warranty_create", ctx(site["editor"]), id=site["ds"]["id"], **ATTEST)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        model.Session.execute(sa.text("UPDATE tdpf_trust_warranty SET user_id = 'x'"))
    model.Session.rollback()


def test_search_field_and_facet():
    site = provider_site()
    editor = site["editor"]
    call_action("package_create", {"user": editor["name"]}, name="unwarranted",
                title="未保証", owner_org=site["org"]["id"], license_id="cc-by-4.0",
                private=True)
    call_action("tdpf_warranty_create", ctx(editor), id=site["ds"]["id"], **ATTEST)
    found = call_action("package_search", ctx(editor), include_private=True,
                        fq="tdpf_warranted:warranted", **{"facet.field": '["tdpf_warranted"]'})
    assert [d["name"] for d in found["results"]] == ["shelters"]
    items = found["search_facets"]["tdpf_warranted"]["items"]
    assert items[0]["count"] == 1 and items[0]["display_name"] != "warranted"
