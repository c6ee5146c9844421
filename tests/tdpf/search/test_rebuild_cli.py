"""`ckan tdpf search rebuild [--workers N]`: the whole index back, in one
process or several, and datasets that no longer exist cleared."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories

from tests import factories as tdpf_factories

from .conftest import search_names


@pytest.fixture
def five(clean_db):
    org = factories.Organization()
    datasets = [tdpf_factories.Dataset(owner_org=org["id"], name=f"ds-{i}", title=f"公園一覧 {i}")
                for i in range(5)]
    # an orphan: indexed, but no such dataset
    model.Session.execute(sa.text(
        "CREATE TEMP TABLE orphan AS SELECT * FROM tdpf_search_index WHERE name = 'ds-0';"
        "UPDATE orphan SET id = 'gone', name = 'gone';"
        "DELETE FROM tdpf_search_index;"
        "INSERT INTO tdpf_search_index SELECT * FROM orphan"))
    model.Session.commit()
    return datasets


@pytest.mark.parametrize("workers", ["1", "2"])
def test_rebuild_restores_the_index(cli, five, workers):
    assert search_names(q="公園") == ["ds-0"]  # its orphan copy only
    result = cli.invoke(ckan, ["tdpf", "search", "rebuild", "--workers", workers])
    assert result.exit_code == 0, result.output
    assert "Indexing dataset 5/5" in result.output
    assert sorted(search_names(q="公園")) == [f"ds-{i}" for i in range(5)]
    assert model.Session.execute(sa.text(
        "SELECT count(*) FROM tdpf_search_index WHERE id = 'gone'")).scalar() == 0


def test_rebuild_only_missing(cli, five):
    assert cli.invoke(ckan, ["tdpf", "search", "rebuild", "-q"]).exit_code == 0
    model.Session.execute(sa.text("DELETE FROM tdpf_search_index WHERE name = 'ds-3'"))
    model.Session.commit()
    result = cli.invoke(ckan, ["tdpf", "search", "rebuild", "--only-missing"])
    assert result.exit_code == 0, result.output
    assert "Indexing dataset 1/1" in result.output
    assert "ds-3" in search_names(q="公園")
