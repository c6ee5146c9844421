"""Shared set-up of the warranty/gate/withdrawal/tombstone tests."""
from __future__ import annotations

from ckan.tests import factories
from ckan.tests.helpers import call_action

ATTEST = {"personal_data": True, "consent": True, "accuracy": True,
          "right_to_provide": True, "legal_compliance": True}


def provider_site() -> dict:
    """An organisation with an admin, an editor and a member, another
    organisation's editor, and a private dataset with one resource."""
    admin, editor, member, outsider = (factories.User() for _ in range(4))
    org = factories.Organization(users=[
        {"name": admin["name"], "capacity": "admin"},
        {"name": editor["name"], "capacity": "editor"},
        {"name": member["name"], "capacity": "member"}], title="千代田区")
    factories.Organization(users=[{"name": outsider["name"], "capacity": "editor"}])
    ds = call_action("package_create", {"user": editor["name"]}, name="shelters",
                     title="避難所一覧", owner_org=org["id"], license_id="cc-by-4.0",
                     private=True, privacy_policy_contains_personal_data="非個人情報",
                     resources=[{"url": "https://example.lg.jp/shelters.csv",
                                 "format": "CSV"}])
    return {"admin": admin, "editor": editor, "member": member, "outsider": outsider,
            "org": org, "ds": ds}


def ctx(user: dict | None) -> dict:
    """A context checked like a real request (no ignore_auth)."""
    return {"user": user["name"] if user else "", "ignore_auth": False}
