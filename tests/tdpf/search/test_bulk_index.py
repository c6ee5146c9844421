"""A rebuild in chunks (search/bulk.py) writes the very rows that CKAN's
one-dataset-at-a-time indexing writes, column by column, for datasets of
every kind: full schema, groups, vocabulary tags, private, draft, deleted,
harvested, duplicates, withdrawn, suspended, link-checked. (Relationships
are left out: CKAN's own indexing fails on them, its show schema drops the
keys index_package reads.)"""
from __future__ import annotations

import datetime
import uuid

import pytest
import sqlalchemy as sa

import ckan.lib.search as search
from ckan import logic, model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.search import bulk

from tests.factories import warranted
from tests.tdpf.ui.conftest import make_catalog

# Columns that differ between any two writes of the same row.
_VOLATILE = ("indexed_at", "rev")


def _rows() -> dict[str, dict]:
    out = {}
    for (row,) in model.Session.execute(sa.text(
            "SELECT to_jsonb(i) FROM tdpf_search_index i")):
        for column in _VOLATILE:
            row.pop(column, None)
        out[row["id"]] = row
    return out


def _terms() -> set[tuple]:
    return set(model.Session.execute(sa.text(
        "SELECT hash, field, value FROM tdpf_search_term")).all())


def _emptied() -> None:
    search.clear_all()
    model.Session.execute(sa.text("DELETE FROM tdpf_search_term"))
    model.Session.commit()
    # Both ways read the datasets from the database: an object left in the
    # session keeps its extras in creation order, the database in its own.
    model.Session.expunge_all()


def _snapshot(index) -> tuple[dict, set]:
    _emptied()
    index()
    model.Session.commit()
    return _rows(), _terms()


def _assert_same(expected: tuple[dict, set], got: tuple[dict, set]) -> None:
    rows, terms = expected
    assert sorted(got[0]) == sorted(rows)
    for id_, row in rows.items():
        for column, value in row.items():
            assert got[0][id_][column] == value, f"{column} of {row['name']}"
    assert got[1] == terms


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)  # as stored


def _harvested(pkg_id: str) -> None:
    from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource
    source = HarvestSource(url=f"https://catalog.example.jp/{uuid.uuid4()}", type="ckan")
    job = HarvestJob(source=source)
    older = _now() - datetime.timedelta(days=1)  # the hook takes the last imported
    model.Session.add_all([source, job, *(HarvestObject(
        id=f"{pkg_id[:8]}-{n}", guid=pkg_id, job=job, source=source, package_id=pkg_id,
        current=True, import_finished=when) for n, when in ((1, older), (2, _now())))])


def _vocabulary_tags(pkg_id: str) -> None:
    vocab = call_action("vocabulary_create", {"user": model.Session.query(model.User).filter_by(
        sysadmin=True).first().name}, name="tdpf_test_vocab",
                        tags=[{"name": "防災"}, {"name": "観光"}])
    pkg = model.Package.get(pkg_id)
    for tag in vocab["tags"]:
        model.Session.add(model.PackageTag(package=pkg, tag=model.Tag.get(tag["id"])))


def _varied_catalog() -> list[str]:
    from ckanext.tdpf.datarate.model import LinkCheck
    from ckanext.tdpf_harvesters.model import HarvestRecord
    from ckanext.tdpf_trust.suspension.model import Suspension
    from ckanext.tdpf_trust.withdrawal.model import Withdrawal

    d = make_catalog()
    org = factories.Organization(name="shinagawa", title="品川区")
    suspended = factories.Organization(name="suspended-org", title="停止中の区")
    factories.Group(name="bosai", title="防災・安全")
    factories.Group(name="kanko", title="観光・文化")
    sysadmin = factories.Sysadmin()

    def dataset(name, **fields):
        fields.setdefault("owner_org", org["id"])
        fields.setdefault("license_id", "cc-by-4.0")
        fields.setdefault("resources", [{"url": f"https://example.lg.jp/{name}.csv",
                                         "format": "CSV", "name": name}])
        return call_action("package_create", {"user": sysadmin["name"]},
                           **warranted(name=name, **fields))

    d["grouped"] = dataset("grouped", title="品川区 避難所一覧", tag_string="防災,避難所",
                           groups=[{"name": "bosai"}, {"name": "kanko"}],
                           notes="品川区の避難所。" * 40)
    d["private"] = dataset("private-one", title="非公開の統計", private=True)
    d["draft"] = dataset("draft-one", title="下書きのデータ", state="draft")
    d["deleted"] = dataset("deleted-one", title="削除済みのデータ")
    call_action("package_delete", {"user": sysadmin["name"]}, id=d["deleted"]["id"])
    d["harvested"] = dataset("harvested-one", title="収集したデータ",
                             source_catalog_name="港区カタログ",
                             source_catalog_url="https://opendata.example.lg.jp/",
                             source_original_id="minato-1")
    d["duplicate"] = dataset("duplicate-one", title="収集した重複データ")
    d["withdrawn"] = dataset("withdrawn-one", title="提供終了のデータ")
    d["scheduled"] = dataset("scheduled-one", title="提供終了予定のデータ")
    d["suspended"] = dataset("suspended-one", title="停止中のデータ", owner_org=suspended["id"])
    d["vocab"] = dataset("vocab-one", title="語彙タグ付き", tag_string="公園")
    d["no-org"] = dataset("no-resources", title="リソースなし", resources=[])

    _harvested(d["harvested"]["id"])
    _vocabulary_tags(d["vocab"]["id"])
    model.Session.add_all([
        HarvestRecord(package_id=d["duplicate"]["id"], source_id="s", guid="g",
                      global_id="gid", content_hash="h", state="active", provider_rank=1,
                      duplicate_of=d["harvested"]["id"], updated_at=_now()),
        Withdrawal(package_id=d["withdrawn"]["id"], state="withdrawn",
                   end_date=datetime.date(2026, 1, 31), reason="更新終了", created=_now(),
                   created_by="someone", closed=_now()),
        Withdrawal(package_id=d["scheduled"]["id"], state="scheduled",
                   end_date=datetime.date(2099, 1, 31), reason="予定", created=_now(),
                   created_by="someone"),
        Suspension(object_type="organization", object_id=suspended["id"], reason="調査中",
                   created=_now(), created_by="operator"),
        LinkCheck(package_id=d["grouped"]["id"], url="https://example.lg.jp/grouped.csv",
                  status=200, error="", checked_at=_now()),
    ])
    model.Session.commit()
    return [r[0] for r in model.Session.query(model.Package.id).order_by(model.Package.id)]


@pytest.fixture
def catalog_ids(clean_db):
    return _varied_catalog()


def test_chunked_rebuild_writes_the_rows_of_the_one_by_one_path(catalog_ids):
    assert search.rebuild is bulk.rebuild  # the postgres backend installed it
    one_by_one = _snapshot(lambda: bulk.ckan_rebuild(package_ids=catalog_ids))
    names = {r["name"] for r in one_by_one[0].values()}
    assert len(names) == 13 and "draft-one" in names and "deleted-one" not in names

    _assert_same(one_by_one, _snapshot(lambda: search.rebuild(package_ids=catalog_ids)))
    # chunk boundaries everywhere
    _assert_same(one_by_one, _snapshot(lambda: bulk.index_many(
        catalog_ids, defer_commit=True, force=False, chunk_size=2)))


def test_whole_rebuild_matches_and_shows_progress(catalog_ids, capsys):
    one_by_one = _snapshot(lambda: bulk.ckan_rebuild(quiet=True))
    _assert_same(one_by_one, _snapshot(lambda: search.rebuild()))
    shown = capsys.readouterr().out
    total = len(catalog_ids) - 1  # not the deleted one
    assert f"Indexing dataset {total}/{total}" in shown


def test_chunk_lookups_see_what_changed_since_the_last_chunk(catalog_ids):
    """Nothing is remembered from one rebuild to the next."""
    search.rebuild(package_ids=catalog_ids)
    withdrawn = model.Package.get("withdrawn-one")
    assert _rows()[withdrawn.id]["stored"]["tdpf_hidden"] == "withdrawn"
    model.Session.execute(sa.text(
        "UPDATE tdpf_trust_withdrawal SET state = 'cancelled' WHERE package_id = :id"),
        {"id": withdrawn.id})
    search.rebuild(package_ids=catalog_ids)
    model.Session.commit()
    assert "tdpf_hidden" not in _rows()[withdrawn.id]["stored"]


def _deleted_id() -> str:
    return model.Package.get("deleted-one").id


@pytest.fixture
def failing(monkeypatch, catalog_ids):
    """Indexing the fourth dataset that is not deleted fails."""
    original = logic.index_update_package
    bad = [i for i in catalog_ids if i != _deleted_id()][3]

    def index(context, pkg_id, *args, **kwargs):
        if pkg_id == bad:
            raise RuntimeError("broken dataset")
        return original(context, pkg_id, *args, **kwargs)

    monkeypatch.setattr(logic, "index_update_package", index)
    _emptied()
    return bad


def test_a_failure_stops_the_rebuild_after_writing_the_datasets_before_it(failing, catalog_ids):
    with pytest.raises(RuntimeError, match="broken dataset"):
        bulk.index_many(catalog_ids, defer_commit=True, force=False, chunk_size=10)
    model.Session.commit()
    before = catalog_ids[:catalog_ids.index(failing)]
    # as CKAN's own loop leaves it
    assert sorted(_rows()) == sorted(i for i in before if i != _deleted_id())


def test_force_goes_on_past_a_failure(failing, catalog_ids):
    bulk.index_many(catalog_ids, defer_commit=True, force=True, chunk_size=10)
    model.Session.commit()
    indexed = set(_rows())
    assert failing not in indexed
    assert len(indexed) == 12  # the other 13 but the deleted one



def test_harvest_hook_asks_for_harvest_objects_once_per_chunk(catalog_ids):
    """ckanext-harvest's hook runs for every dataset; their current harvest
    objects come from one query for the chunk, asked by the harvesters
    plugin through IBulkIndexLookups (the rows are compared above)."""
    asked = []
    listen = (model.meta.engine, "before_cursor_execute",
              lambda *args: asked.append(args[2]) if "FROM harvest_object" in args[2] else None)
    sa.event.listen(*listen)
    try:
        bulk.index_many(catalog_ids, defer_commit=True, force=False)
    finally:
        sa.event.remove(*listen)
    model.Session.commit()
    # one query for the chunk, none of the hook's own (.first(): LIMIT)
    assert len([q for q in asked if "DISTINCT ON (harvest_object.package_id)" in q]) == 1
    assert not [q for q in asked if "LIMIT" in q]
    rows = _rows()
    harvested = rows[model.Package.get("harvested-one").id]
    assert harvested["stored"]["harvest_object_id"].endswith("-2")
    assert "harvest_object_id" not in rows[model.Package.get("grouped").id]["stored"]
