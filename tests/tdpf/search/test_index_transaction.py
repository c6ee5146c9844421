"""The index row shares the dataset's transaction: no drift either way."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import factories as tdpf_factories
from tests.factories import warranted

from .conftest import search_names


def _index_ids() -> set[str]:
    return {r[0] for r in model.Session.execute(sa.text("SELECT id FROM tdpf_search_index"))}


@pytest.fixture
def fail_commit_of(clean_db):
    """A real PostgreSQL failure at COMMIT (deferred constraint trigger), i.e.
    after CKAN has already written the index row in the transaction."""
    model.Session.execute(sa.text("""
        CREATE OR REPLACE FUNCTION tdpf_test_refuse() RETURNS trigger AS $$
        BEGIN
          IF NEW.name LIKE 'refused-%' THEN RAISE EXCEPTION 'refused at commit'; END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS tdpf_test_refuse ON package;
        CREATE CONSTRAINT TRIGGER tdpf_test_refuse AFTER INSERT OR UPDATE ON package
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tdpf_test_refuse();
    """))
    model.Session.commit()
    yield
    model.Session.rollback()
    model.Session.execute(sa.text("DROP TRIGGER IF EXISTS tdpf_test_refuse ON package"))
    model.Session.commit()


def test_failed_commit_leaves_no_index_row(fail_commit_of):
    org = factories.Organization()
    with pytest.raises(sa.exc.SQLAlchemyError):
        call_action("package_create", **warranted(
            name="refused-one", title="避難所 拒否", license_id="cc-by-4.0", owner_org=org["id"]))
    model.Session.rollback()
    assert model.Package.get("refused-one") is None
    assert _index_ids() == set()
    assert search_names(q="避難所") == []


def test_failed_update_keeps_the_previous_index_row(fail_commit_of):
    org = factories.Organization()
    ds = tdpf_factories.Dataset(name="kept", title="公園一覧", owner_org=org["id"])
    with pytest.raises(sa.exc.SQLAlchemyError):
        call_action("package_patch", **warranted(id=ds["id"], name="refused-rename",
                                                 title="避難所"))
    model.Session.rollback()
    assert search_names(q="公園") == ["kept"]
    assert search_names(q="避難所") == []


@pytest.mark.usefixtures("clean_db")
def test_index_failure_aborts_the_dataset_write():
    org = factories.Organization()
    model.Session.execute(sa.text("""
        CREATE OR REPLACE FUNCTION tdpf_test_refuse_index() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'index refused'; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER tdpf_test_refuse_index BEFORE INSERT ON tdpf_search_index
          FOR EACH ROW EXECUTE FUNCTION tdpf_test_refuse_index();
    """))
    model.Session.commit()
    try:
        with pytest.raises(sa.exc.SQLAlchemyError):
            call_action("package_create", **warranted(
                name="never-stored", title="索引なし", license_id="cc-by-4.0",
                owner_org=org["id"]))
        model.Session.rollback()
        assert model.Package.get("never-stored") is None
    finally:
        model.Session.rollback()
        model.Session.execute(sa.text(
            "DROP TRIGGER IF EXISTS tdpf_test_refuse_index ON tdpf_search_index"))
        model.Session.commit()


@pytest.mark.usefixtures("clean_db")
def test_committed_dataset_is_searchable_at_once_and_purge_removes_it():
    org = factories.Organization()
    admin = factories.Sysadmin()
    ds = tdpf_factories.Dataset(name="instant", title="即時検索", owner_org=org["id"])
    assert ds["id"] in _index_ids()
    assert search_names(q="即時検索") == ["instant"]
    call_action("dataset_purge", {"user": admin["name"]}, id=ds["id"])
    assert ds["id"] not in _index_ids()


@pytest.mark.usefixtures("clean_db")
def test_a_search_leaves_the_transactions_planner_settings_as_they_were():
    """The search statement runs with its own planner settings (no nested
    loops, no sequential scans when indexed); later queries of the same
    request must not inherit them."""
    org = factories.Organization()
    tdpf_factories.Dataset(owner_org=org["id"], title="公園一覧")
    names = ("enable_nestloop", "enable_seqscan", "work_mem", "jit")

    def settings():
        return model.Session.execute(sa.text(
            "SELECT " + ", ".join(f"current_setting('{n}')" for n in names))).one()
    before = settings()
    assert search_names(q="公園") and search_names(q="*:*", sort="title_string asc")
    assert settings() == before
