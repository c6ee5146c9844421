"""CKAN's ``search.show`` (package_show, activities) answered by one lookup."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.lib import search
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import factories as tdpf_factories


@pytest.fixture
def statements():
    seen: list[str] = []

    def count(conn, cursor, sql, *_):
        seen.append(sql)
    sa.event.listen(model.meta.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(model.meta.engine, "before_cursor_execute", count)


def test_show_finds_a_dataset_by_id_and_by_name(clean_db):
    org = factories.Organization()
    ds = tdpf_factories.Dataset(name="parks", title="公園一覧", owner_org=org["id"])
    by_id, by_name = search.show(ds["id"]), search.show("parks")
    assert by_id["id"] == by_name["id"] == ds["id"]
    assert json.loads(by_name["validated_data_dict"])["title"] == "公園一覧"
    assert by_id["metadata_modified"][:19] == ds["metadata_modified"][:19]
    admin = factories.Sysadmin()
    call_action("package_patch", context={"user": admin["name"]}, id=ds["id"],
                title="都立公園一覧")
    assert json.loads(search.show("parks")["validated_data_dict"])["title"] == "都立公園一覧"
    # package_show takes the validated dict from the index row
    assert call_action("package_show", id="parks")["title"] == "都立公園一覧"


def test_show_of_an_unknown_dataset_is_a_search_error(clean_db):
    with pytest.raises(search.SearchError):
        search.show("no-such-dataset")


def test_the_id_wins_over_another_datasets_name(clean_db):
    org = factories.Organization()
    first = tdpf_factories.Dataset(name="first", owner_org=org["id"])
    # a name may look like an id; the dataset with that id is the one shown
    tdpf_factories.Dataset(name=first["id"], owner_org=org["id"])
    assert search.show(first["id"])["name"] == "first"


def test_show_is_one_statement(clean_db, statements):
    org = factories.Organization()
    ds = tdpf_factories.Dataset(owner_org=org["id"])
    model.Session.commit()
    statements.clear()
    search.show(ds["id"])
    assert len(statements) == 1, statements


def test_a_search_for_name_or_id_with_more_rows_still_searches(clean_db):
    org = factories.Organization()
    ds = tdpf_factories.Dataset(name="toilets", owner_org=org["id"])
    found = call_action("package_search", q=f'name:"toilets" OR id:"{ds["id"]}"', rows=5)
    assert [d["name"] for d in found["results"]] == ["toilets"]
