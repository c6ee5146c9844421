"""New datasets are created many per transaction (batch.py): the same
datasets as one by one, a bad record costs only itself, a crash mid-batch
leaves nothing half-made."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import logic, model

from .conftest import harvest, harvested

BATCH_SIZE = "ckanext.tdpf_harvesters.import_batch_size"


def _count(sql: str) -> int:
    return model.Session.execute(sa.text(sql)).scalar()


def _snapshot(source: dict) -> dict:
    """package_show, search result and activities of the source's datasets,
    without what differs between two creations (times, resource and tag ids:
    purging may drop a tag; the harvest object's id, checked to be the
    current object's)."""
    current = dict(model.Session.execute(sa.text(
        "SELECT package_id, id FROM harvest_object WHERE current")).all())

    def stable(pkg: dict) -> dict:
        volatile = ("metadata_created", "metadata_modified")
        resources = [{k: v for k, v in r.items()
                      if k not in ("id", "created", "metadata_modified")}
                     for r in pkg.get("resources", [])]
        extras = [dict(e, value="<current>") if e["key"] == "harvest_object_id"
                  and e["value"] == current[pkg["id"]] else e for e in pkg.get("extras", [])]
        tags = [{k: v for k, v in t.items() if k != "id"} for t in pkg.get("tags", [])]
        return {**{k: v for k, v in pkg.items() if k not in volatile},
                "resources": resources, "extras": extras, "tags": tags}

    shown = {k: stable(v) for k, v in harvested(source).items()}
    found = tk.get_action("package_search")({}, {"q": "*:*", "rows": 100})["results"]
    # the site user's activities are hidden from package_activity_list
    activities: dict[str, list] = {}
    for object_id, kind, data in model.Session.execute(sa.text(
            "SELECT object_id, activity_type, data FROM activity WHERE object_id = ANY(:ids)"),
            {"ids": list(current)}):
        data = json.loads(data) if isinstance(data, str) else data
        activities.setdefault(object_id, []).append((kind, stable(data["package"])))
    return {"show": shown, "search": sorted((stable(p) for p in found), key=lambda p: p["id"]),
            "activities": activities}


def _forget(source: dict) -> None:
    """Remove the harvested datasets and every trace of the runs."""
    ids = [r[0] for r in model.Session.execute(sa.text(
        "SELECT package_id FROM tdpf_harvest_record"))]
    for table in ("harvest_object_error", "harvest_object_extra", "harvest_object",
                  "harvest_gather_error", "harvest_job", "tdpf_harvest_key",
                  "tdpf_harvest_record"):
        model.Session.execute(sa.text(f"DELETE FROM {table}"))
    model.Session.execute(sa.text("DELETE FROM activity WHERE object_id = ANY(:ids)"),
                          {"ids": ids})
    model.Session.commit()
    for pkg_id in ids:
        tk.get_action("dataset_purge")({"ignore_auth": True}, {"id": pkg_id})
    model.Session.remove()


def test_batched_datasets_equal_those_created_one_by_one(
        remote, make_source, ckan_config, monkeypatch):
    source = make_source(remote.url)
    monkeypatch.setitem(ckan_config, BATCH_SIZE, 1)
    harvest(source)
    one_by_one = _snapshot(source)
    assert _count("SELECT count(DISTINCT xmin::text) FROM package WHERE type = 'dataset'") == 12
    _forget(source)
    monkeypatch.setitem(ckan_config, BATCH_SIZE, 50)
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 12
    # one transaction wrote all twelve
    assert _count("SELECT count(DISTINCT xmin::text) FROM package WHERE type = 'dataset'") == 1
    batched = _snapshot(source)
    assert len(batched["show"]) == 12 and batched == one_by_one
    assert [[a[0] for a in v] for v in batched["activities"].values()] == [["new package"]] * 12


def test_a_bad_record_costs_only_itself(remote, make_source):
    bad = sorted(remote.datasets)[5]
    remote.datasets[bad]["resources"][0]["mimetype"] = "CSVファイル"
    source = make_source(remote.url)
    stats = harvest(source)
    assert stats["stats"]["added"] == 11 and stats["stats"]["errored"] == 1
    [error] = stats["errors"]
    assert error.startswith(bad.lower())
    assert "mimetype" in error and "CSVファイル" in error and "is not a media type" in error
    got = harvested(source)
    assert len(got) == 11 and bad.lower() not in got
    # the other eleven still went in together, after the bad one was taken out
    assert _count("SELECT count(DISTINCT xmin::text) FROM package WHERE type = 'dataset'") == 1
    # the next run retries the bad record only
    remote.datasets[bad]["resources"][0]["mimetype"] = "text/csv"
    remote.touch(bad)
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 1
    assert len(harvested(source)) == 12


def test_a_crash_mid_batch_leaves_nothing_half_made(remote, make_source, monkeypatch):
    source = make_source(remote.url)
    real, calls = logic.index_update_package, []

    def dies_while_indexing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 6:
            raise KeyboardInterrupt  # the worker is stopped mid-batch
        return real(*args, **kwargs)

    monkeypatch.setattr(logic, "index_update_package", dies_while_indexing)
    with pytest.raises(KeyboardInterrupt):
        harvest(source)
    model.Session.rollback()  # what PostgreSQL does with a dead worker's transaction
    model.Session.remove()
    for sql in ("SELECT count(*) FROM package WHERE type = 'dataset'",
                "SELECT count(*) FROM tdpf_harvest_record", "SELECT count(*) FROM tdpf_harvest_key",
                f"SELECT count(*) FROM tdpf_search_index WHERE id <> '{source['id']}'",
                "SELECT count(*) FROM activity WHERE activity_type = 'new package' "
                f"AND object_id <> '{source['id']}'",
                "SELECT count(*) FROM harvest_object WHERE current OR state = 'COMPLETE'"):
        assert _count(sql) == 0, sql
    monkeypatch.setattr(logic, "index_update_package", real)
    model.Session.execute(sa.text(
        "UPDATE harvest_job SET status = 'Finished' WHERE status = 'Running'"))
    model.Session.commit()
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 12
    assert len(harvested(source)) == 12


def test_parallel_workers_import_every_record_once(remote, make_source, ckan_config,
                                                   monkeypatch):
    for i in range(12, 80):
        remote.add(i)
    bad = sorted(remote.datasets)[40]
    remote.datasets[bad]["resources"][0]["mimetype"] = "CSVファイル"
    monkeypatch.setitem(ckan_config, BATCH_SIZE, 7)
    monkeypatch.setitem(ckan_config, "ckanext.tdpf_harvesters.import_workers", 3)
    source = make_source(remote.url)
    stats = harvest(source)
    assert stats["stats"]["added"] == 79 and stats["stats"]["errored"] == 1
    assert [e.split(":")[0] for e in stats["errors"]] == [bad.lower()]
    assert len(harvested(source)) == 79
    assert _count("SELECT count(*) FROM activity WHERE activity_type = 'new package' "
                  f"AND object_id <> '{source['id']}'") == 79
    assert tk.get_action("package_search")({}, {"q": "*:*", "rows": 0})["count"] == 79
    assert _count("SELECT count(DISTINCT xmin::text) FROM package WHERE type = 'dataset'") >= 12
    assert _count("SELECT count(*) FROM harvest_object WHERE state = 'WAITING'") == 0


def test_workers_over_their_memory_limit_are_replaced(remote, make_source, ckan_config,
                                                     monkeypatch):
    """A worker past import_worker_max_rss_mb stops after its current batch
    and a fresh process goes on: every record still imported once."""
    from ckanext.tdpf_harvesters import workers

    for i in range(12, 60):
        remote.add(i)
    monkeypatch.setitem(ckan_config, BATCH_SIZE, 6)
    monkeypatch.setitem(ckan_config, "ckanext.tdpf_harvesters.import_workers", 2)
    monkeypatch.setitem(ckan_config, "ckanext.tdpf_harvesters.import_worker_max_rss_mb", 1)
    started = []
    real_start = workers._start
    monkeypatch.setattr(workers, "_start", lambda *a: started.append(a) or real_start(*a))
    source = make_source(remote.url)
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 60
    assert len(started) > 2  # each worker stopped after one batch, others took over
    assert len(harvested(source)) == 60
    assert _count("SELECT count(*) FROM harvest_object WHERE state = 'WAITING'") == 0
    assert _count("SELECT count(*) FROM activity WHERE activity_type = 'new package' "
                  f"AND object_id <> '{source['id']}'") == 60


def _index_rows() -> dict[str, dict]:
    """The datasets' search index rows: every indexed field but those that
    differ between two creations (times, resource ids, harvest object id)."""
    volatile = {"metadata_created", "metadata_modified", "indexed_ts", "res_id",
                "harvest_object_id", "validated_data_dict", "data_dict", "index_id"}
    rows = model.Session.execute(sa.text(
        "SELECT name, state, capacity, title_string, permission_labels, terms "
        "FROM tdpf_search_index WHERE terms -> 'dataset_type' ? 'dataset'"))
    return {r.name: {"state": r.state, "capacity": r.capacity, "title": r.title_string,
                     "labels": r.permission_labels,
                     "terms": {k: v for k, v in r.terms.items() if k not in volatile}}
            for r in rows}


def _bookkeeping() -> dict[str, tuple]:
    """Harvest records, keys and objects by remote id."""
    rows = model.Session.execute(sa.text(
        "SELECT r.guid, r.global_id, r.content_hash, r.state, r.provider_rank, r.duplicate_of, "
        "o.state, o.report_status, o.current, o.package_id = r.package_id, "
        "o.import_finished IS NOT NULL, "
        "(SELECT array_agg(key ORDER BY key) FROM tdpf_harvest_key k "
        " WHERE k.package_id = r.package_id) "
        "FROM tdpf_harvest_record r JOIN harvest_object o ON o.guid = r.guid"))
    return {r[0]: tuple(r[1:]) for r in rows}


def test_batched_datasets_equal_those_of_plain_package_create(
        remote, make_source, monkeypatch):
    """The batch (records and links for all, then package_create with
    defer_commit per dataset in one transaction) against the path of one
    object: its own package_create, committed by itself."""
    from ckanext.tdpf_harvesters import batch

    source = make_source(remote.url)
    monkeypatch.setattr(batch, "eligible", lambda obj: False)
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 12
    assert _count("SELECT count(DISTINCT xmin::text) FROM package WHERE type = 'dataset'") == 12
    plain = _snapshot(source), _index_rows(), _bookkeeping()
    _forget(source)
    monkeypatch.undo()
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 12
    assert _count("SELECT count(DISTINCT xmin::text) FROM package WHERE type = 'dataset'") == 1
    batched = _snapshot(source), _index_rows(), _bookkeeping()
    assert len(batched[0]["show"]) == len(batched[1]) == len(batched[2]) == 12
    assert batched[0] == plain[0]
    assert batched[1] == plain[1]
    assert batched[2] == plain[2]


@pytest.mark.parametrize("path", ["batch", "one by one"])
def test_link_checks_are_queued_after_the_commit(remote, make_source, monkeypatch, path):
    """A checker taking the job at once must find the dataset as imported."""
    from ckanext.tdpf.datarate import linkcheck
    from ckanext.tdpf_harvesters import batch

    queued = []

    def enqueue_checks(package_ids):
        with model.meta.engine.connect() as other:  # sees committed rows only
            for package_id in package_ids:
                queued.append((package_id, {r[0] for r in other.execute(sa.text(
                    "SELECT url FROM resource WHERE package_id = :id AND state = 'active'"),
                    {"id": package_id})}))

    monkeypatch.setattr(linkcheck, "enqueue_checks", enqueue_checks)
    if path == "one by one":
        monkeypatch.setattr(batch, "eligible", lambda obj: False)
    source = make_source(remote.url)
    assert harvest(source)["stats"]["added"] == 12
    got = harvested(source)
    assert sorted(queued) == sorted((p["id"], {r["url"] for r in p["resources"]})
                                    for p in got.values())
    # an update with a new file URL: checked once committed, too
    guid = sorted(remote.datasets)[0]
    remote.datasets[guid]["resources"][0]["url"] = "https://example.lg.jp/new.csv"
    remote.touch(guid)
    queued.clear()
    assert harvest(source)["stats"]["updated"] == 1
    [(pkg_id, urls)] = queued
    assert pkg_id == got[guid.lower()]["id"] and "https://example.lg.jp/new.csv" in urls
