"""`ckan search-index ...` and `ckan tdpf doctor` on the PostgreSQL backend."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories

from tests import factories as tdpf_factories

from .conftest import search_names


@pytest.fixture
def three(clean_db):
    org = factories.Organization()
    return [tdpf_factories.Dataset(owner_org=org["id"], name=f"ds-{i}", title=f"公園一覧 {i}")
            for i in range(3)]


def _wipe_index():
    model.Session.execute(sa.text("DELETE FROM tdpf_search_index"))
    model.Session.commit()


def test_rebuild_restores_a_lost_index(cli, three):
    _wipe_index()
    assert search_names(q="公園") == []
    result = cli.invoke(ckan, ["search-index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert sorted(search_names(q="公園")) == ["ds-0", "ds-1", "ds-2"]


def test_check_reports_missing_datasets(cli, three):
    model.Session.execute(sa.text("DELETE FROM tdpf_search_index WHERE id = :id"),
                          {"id": three[0]["id"]})
    model.Session.commit()
    result = cli.invoke(ckan, ["search-index", "check"])
    assert "Packages not indexed = 1 out of 3" in result.output
    result = cli.invoke(ckan, ["search-index", "rebuild", "--only-missing"])
    assert result.exit_code == 0, result.output
    result = cli.invoke(ckan, ["search-index", "check"])
    assert "Packages not indexed = 0 out of 3" in result.output


def test_show_prints_the_index_document(cli, three):
    result = cli.invoke(ckan, ["search-index", "show", "ds-1"])
    assert result.exit_code == 0, result.output
    assert "公園一覧 1" in result.output and "validated_data_dict" in result.output


def test_clear_empties_the_index(cli, three):
    result = cli.invoke(ckan, ["search-index", "clear"])
    assert result.exit_code == 0, result.output
    model.Session.rollback()
    assert model.Session.execute(sa.text("SELECT count(*) FROM tdpf_search_index")).scalar() == 0


def test_doctor_all_ok_then_reports_drift(cli, three):
    result = cli.invoke(ckan, ["tdpf", "doctor"])
    assert result.exit_code == 0, result.output
    for name in ("database", "redis", "search backend", "search index", "plugin migrations"):
        assert name in result.output
    assert "PROBLEM" not in result.output
    _wipe_index()
    result = cli.invoke(ckan, ["tdpf", "doctor"])
    assert result.exit_code == 1
    assert "3 not indexed" in result.output
    assert "ckan search-index rebuild" in result.output
