"""A small community: a provider organisation (千代田区) with an editor,
another organisation, a requester, a voter, an operator, a public and a
private dataset. Shared by the community tests."""
from __future__ import annotations

import pytest

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from tests import factories

PASSWORD = "Community-2026-pass"


def ctx(user: dict | None) -> dict:
    """An action context for a test user (None: anonymous)."""
    return {"user": user["name"] if user else "", "ignore_auth": False}


def _user(name: str, **kw) -> dict:
    return ckan_factories.User(name=name, email=f"{name}@example.jp", password=PASSWORD, **kw)


def make_world() -> dict:
    world = {"operator": ckan_factories.Sysadmin(name="operator", password=PASSWORD)}
    for name in ("chiyoda-editor", "koto-editor", "taro", "hanako"):
        world[name] = _user(name)
    world["org"] = ckan_factories.Organization(
        name="chiyoda", title="千代田区",
        users=[{"name": "chiyoda-editor", "capacity": "editor"}])
    world["other_org"] = ckan_factories.Organization(
        name="koto", title="江東区", users=[{"name": "koto-editor", "capacity": "editor"}])
    world["public"] = factories.Dataset(
        name="chiyoda-shelters", title="千代田区 避難所一覧", owner_org=world["org"]["id"],
        private=False, tags=[{"name": "避難所"}],
        resources=[{"url": "https://www.city.example.lg.jp/shelters.csv", "name": "避難所",
                    "format": "CSV"}])
    world["private"] = factories.Dataset(
        name="chiyoda-draft", title="千代田区 下書きデータ", owner_org=world["org"]["id"],
        private=True)
    return world


@pytest.fixture
def world(clean_db):
    return make_world()


def notices(user: dict) -> list[dict]:
    return call_action("tdpf_notice_list", ctx(user))["results"]
