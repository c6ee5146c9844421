"""tdpf_prepare_publish: the prepared table becomes a new CSV resource of
the same dataset through the upload path (the warranty gate applies),
linked to its original, its file the prepared UTF-8 CSV."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from tests.factories import WARRANTY

from .conftest import ctx, edition


def _download(app, res: dict, token: str) -> str:
    url = f"/dataset/{res['package_id']}/resource/{res['id']}/download/{res['url'].rsplit('/', 1)[-1]}"
    return app.get(url, headers={"Authorization": token}).get_data().decode("utf-8-sig")


def test_the_provider_publishes_the_prepared_table(app, site):
    original = site["upload"](edition("800人", "4"), "hinanjo.csv")
    published = call_action(
        "tdpf_prepare_publish", ctx(site["provider"]), id=original["id"],
        tdpf_warranty_attestation=dict(WARRANTY, personal_data_kind="非個人情報"))
    assert published["id"] != original["id"]
    assert published["package_id"] == original["package_id"]
    assert published["url_type"] == "upload" and published["format"] == "CSV"
    assert published["tdpf_derived_from"] == original["id"]
    assert published["after"]["L1"] > published["before"]["L1"]
    shown = call_action("resource_show", ctx(site["provider"]), id=published["id"])
    assert shown["tdpf_derived_from"] == original["id"]
    assert '"trim_rows"' in shown["tdpf_recipe"]
    text = _download(app, shown, site["provider"]["token"])
    assert text.splitlines()[0] == "時点,名称,所在地,収容人数（人）"
    assert text.splitlines()[1] == "2026-04-01,中央公園,高松市番町1,1400"


def test_publishing_needs_the_warranty_and_the_right_user(site):
    original = site["upload"](edition("800人", "4"), "hinanjo.csv")
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_prepare_publish", ctx(site["provider"]), id=original["id"])
    for who in ("reader", "outsider", "lonely"):
        with pytest.raises(tk.NotAuthorized):
            call_action("tdpf_prepare_publish", ctx(site[who]), id=original["id"],
                        tdpf_warranty_attestation=dict(WARRANTY, personal_data_kind="非個人情報"))
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_prepare_publish", ctx(site["provider"]), id=original["id"],
                    table="no-such-table",
                    tdpf_warranty_attestation=dict(WARRANTY, personal_data_kind="非個人情報"))
    found = call_action("package_show", ctx(site["provider"]), id=original["package_id"])
    assert [r["id"] for r in found["resources"]] == [original["id"]]


def test_dcat_says_the_published_file_was_derived_from_its_original(site):
    original = site["upload"](edition("800人", "4"), "hinanjo.csv")
    published = call_action(
        "tdpf_prepare_publish", ctx(site["provider"]), id=original["id"],
        tdpf_warranty_attestation=dict(WARRANTY, personal_data_kind="非個人情報"))
    turtle = call_action("dcat_dataset_show", {"ignore_auth": True},
                         id=original["package_id"], format="nt")
    derived = [line for line in turtle.splitlines() if "prov#wasDerivedFrom" in line]
    assert len(derived) == 1
    assert f"/resource/{published['id']}>" in derived[0]
    assert derived[0].rstrip(" .").endswith(f"/resource/{original['id']}>")
