#!/usr/bin/env python3
"""File pipeline benchmark (issue 19 #6): files/s and MB/s of the whole
pipeline on the real municipal files, a large generated CSV in bounded
memory (peak RSS), and the machine-readability check alone per file.

Run (from the repository root, with the project virtualenv on PATH)::

    python bench/files.py                      # real files, then a 100 MB CSV
    python bench/files.py --mb 0               # real files only
    python bench/files.py --json var/artifacts/bench-files.json

What it does, through the real code paths (PostgreSQL, the DataStore,
every plugin of the ini, the trust plugin's personal-data scan included):

1. each real file of ../shared/realdata/municipal-data and excel-pdf
   (CSV, TSV, XLSX, XLS) becomes an uploaded resource of a public dataset
   (copied into the storage path, as an upload lands there);
2. ``files.pipeline.process`` runs on each, as the pipeline's worker does:
   read, sniff, sha256, the readability rules, the standard-dataset check,
   the DataStore load of the preview, the personal-data scan; the wall
   time of each is summed into files/s and MB/s; then the re-check: each
   loaded file's preview loaded again (a new version, same columns);
3. the readability check alone (``check_file``) on each file, best of
   ``--repeat`` runs: seconds per file (the agency's checker, rebuilt from
   its public code, took 0.5-1.1 s per real municipal file on this kind of
   machine; the target is a tenth of that);
4. a facility list of ``--mb`` MB becomes one more upload, processed in a
   child process that reports its wall time and its peak RSS beside the
   RSS after loading CKAN: the difference is what the pipeline holds.

Setup is bench/search.py's (``ensure_setup``): database
``tdpf_bench_files`` (and its ``_datastore``), ``var/bench-files.ini``
(Redis db 7). Every job queue of that site is emptied before and after the
run: never point ``--ini`` or ``--redis-url`` at a real site.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import resource as rlimit
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import search as search_bench  # noqa: E402  (bench/search.py: setup helpers)

REALDATA = ROOT.parent / "shared" / "realdata"
DEFAULT_INI = ROOT / "var" / "bench-files.ini"
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/tdpf_bench_files"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
FORMATS = {".csv": "CSV", ".tsv": "TSV", ".xlsx": "XLSX", ".xls": "XLS"}
HEADER = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "所在地_連結表記",
          "緯度", "経度", "電話番号", "定員（人）", "開設日", "備考"]
KINDS = ["市民会館", "図書館", "公民館", "児童センター", "保育園", "体育館", "公園", "出張所"]


# -- setup ---------------------------------------------------------------------
def ensure_datastore(db_url: str) -> None:
    """The DataStore database beside the bench database, and CKAN's
    permissions for its read-only role (what scripts/common.sh does)."""
    name = db_url.rsplit("/", 1)[1] + "_datastore"
    admin = search_bench._pg_connect(db_url, "postgres")
    admin.autocommit = True
    cur = admin.cursor()
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
    if cur.fetchone() is None:
        print(f"setup: creating database {name}")
        cur.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    admin.close()


def set_permissions(ini: pathlib.Path) -> None:
    sql = subprocess.run(search_bench._ckan_cli() + ["-c", str(ini), "datastore",
                                                     "set-permissions"],
                         check=True, capture_output=True, text=True).stdout
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v",
                    "ON_ERROR_STOP=0"], input=sql, text=True, check=False,
                   capture_output=True)


def empty_queues() -> None:
    from ckan.lib.jobs import get_queue

    from ckanext.tdpf import queues
    for name in (queues.FILES, *queues.WORKER_ORDER):
        get_queue(name).empty()


def attest() -> dict:
    try:
        from ckanext.tdpf_trust.warranty import rules as warranty
    except ImportError:
        return {}
    return {warranty.ATTESTATION_KEY: dict.fromkeys(warranty.ATTESTATIONS, True)}


def _uploads(paths: list[pathlib.Path], tag: str) -> list[tuple[str, pathlib.Path]]:
    """A public dataset with one uploaded resource per file (the file copied
    where CKAN's uploader keeps it); returns (resource id, path)."""
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.lib.uploader import get_resource_uploader

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    ctx = {"user": site_user, "ignore_auth": True}
    org_name = "bench-files"
    if model.Group.get(org_name) is None:
        tk.get_action("organization_create")(dict(ctx), {"name": org_name,
                                                         "title": "ベンチマーク"})
    name = f"bench-files-{tag}-{int(time.time())}"
    pkg = tk.get_action("package_create")(dict(ctx), {
        "name": name, "title": f"ファイルのベンチマーク {tag}", "owner_org": org_name,
        "license_id": "cc-by-4.0", "privacy_policy_contains_personal_data": "非個人情報",
        **attest()})
    made = []
    for path in paths:
        res = tk.get_action("resource_create")(dict(ctx), {
            "package_id": pkg["id"], "name": path.name, "url": path.name,
            "url_type": "upload", "format": FORMATS[path.suffix.lower()],
            "size": path.stat().st_size, **attest()})
        target = get_resource_uploader(res).get_path(res["id"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(path, target)
        made.append((res["id"], path))
    empty_queues()  # the jobs the creation queued: we run the pipeline here
    return made


# -- measuring -----------------------------------------------------------------
def real_files() -> list[pathlib.Path]:
    found = []
    for folder in ("municipal-data", "excel-pdf"):
        found += sorted(p for p in (REALDATA / folder).rglob("*")
                        if p.suffix.lower() in FORMATS and p.is_file())
    return found


def _timed_analysers(spent: dict[str, float]) -> None:
    """Each analyser's time, summed by name (the pipeline asks for them per file)."""
    from ckanext.tdpf.files import analysers, pipeline
    found = analysers.all_analysers

    def timed() -> dict:
        out = {}
        for name, run in found().items():
            def wrapped(copy, _run=run, _name=name):
                started = time.perf_counter()
                try:
                    return _run(copy)
                finally:
                    spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - started
            out[name] = wrapped
        return out
    pipeline._analysers.all_analysers = timed  # type: ignore[attr-defined]
    original = pipeline._reindex

    def reindex(package_id: str) -> None:
        started = time.perf_counter()
        original(package_id)
        spent["reindex"] = spent.get("reindex", 0.0) + time.perf_counter() - started
    pipeline._reindex = reindex


def pipeline_run(made: list[tuple[str, pathlib.Path]]) -> dict:
    from ckanext.tdpf import files
    from ckanext.tdpf.files import pipeline
    spent: dict[str, float] = {}
    _timed_analysers(spent)
    rows, total_s, total_b = [], 0.0, 0
    for rid, path in made:
        started = time.perf_counter()
        outcome = pipeline.process(rid, wait=30)
        seconds = time.perf_counter() - started
        state = files.current([rid]).get(rid) or {}
        total_s += seconds
        total_b += path.stat().st_size
        rows.append({"file": str(path.relative_to(REALDATA)), "bytes": path.stat().st_size,
                     "seconds": round(seconds, 4),
                     "state": outcome and outcome["state"],
                     "levels": state.get("levels"),
                     "errors": sorted(state.get("errors") or {})})
    return {"files": len(rows), "seconds": round(total_s, 3), "mb": round(total_b / 2**20, 2),
            "files_per_s": round(len(rows) / total_s, 2) if total_s else None,
            "mb_per_s": round(total_b / 2**20 / total_s, 2) if total_s else None,
            "median_s": round(statistics.median(r["seconds"] for r in rows), 4) if rows else None,
            "max": max(rows, key=lambda r: r["seconds"]) if rows else None,
            "analyser_errors": [r for r in rows if r["errors"] or r["state"] != "checked"],
            "seconds_by_step": {k: round(v, 2) for k, v in sorted(spent.items())},
            "rows": rows}


def recheck_run(made: list[tuple[str, pathlib.Path]]) -> dict:
    """The DataStore load of a re-check: each file's preview loaded again
    under its resource (a new version with the same columns), as the
    pipeline's preview analyser does when a file changes."""
    from ckan import model

    from ckanext.tdpf.files import pipeline
    from ckanext.tdpf.files.analysers import Copy
    from ckanext.tdpf.preview import load
    fmt = {k: v.lower() for k, v in FORMATS.items()}
    seconds, loaded = [], 0
    for rid, path in made:
        res = model.Resource.get(rid)
        if res is None or not (res.extras or {}).get("datastore_active"):
            continue
        copy = Copy(path=str(path), format=fmt[path.suffix.lower()], sha256="0" * 64,
                    size=path.stat().st_size, resource=pipeline._resource_dict(res))
        started = time.perf_counter()
        result = load(copy)
        seconds.append(time.perf_counter() - started)
        loaded += bool(result.get("loaded"))
    total = sum(seconds)
    return {"files": len(seconds), "loaded": loaded, "seconds": round(total, 3),
            "files_per_s": round(len(seconds) / total, 2) if total else None,
            "median_s": round(statistics.median(seconds), 4) if seconds else None}


def readability_alone(paths: list[pathlib.Path], repeat: int) -> dict:
    from ckanext.tdpf.readability import check_file
    fmt = {k: v.lower() for k, v in FORMATS.items()}
    check_file(str(paths[0]), fmt[paths[0].suffix.lower()])  # warm-up: imports, tables
    best = []
    for path in paths:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            check_file(str(path), fmt[path.suffix.lower()])
            times.append(time.perf_counter() - started)
        best.append((min(times), path))
    seconds = [s for s, _ in best]
    slowest = max(best)
    return {"files": len(best), "median_s": round(statistics.median(seconds), 4),
            "mean_s": round(statistics.mean(seconds), 4), "max_s": round(slowest[0], 4),
            "slowest": str(slowest[1].relative_to(REALDATA)),
            "target_s": 0.05, "meets_target": statistics.mean(seconds) <= 0.05}


def generate_csv(path: pathlib.Path, mb: int) -> None:
    rng = random.Random(19)
    target = mb * 2**20
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        n = 0
        while out.tell() < target:
            n += 1
            kind = rng.choice(KINDS)
            out.write(f"131016,{n},東京都千代田区,千代田区立{kind}{n},チヨダクリツ{n},"
                      f"東京都千代田区九段南1-2-{n % 50 + 1},{35.6 + rng.random() / 10:.6f},"
                      f"{139.7 + rng.random() / 10:.6f},03-1234-{n % 10000:04d},"
                      f"{rng.randint(10, 500)},2020-04-01,\r\n")


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {bench!r})
import search as search_bench
app = search_bench.make_ckan_app({ini!r})
with app._wsgi_app.test_request_context():
    from ckanext.tdpf.files import pipeline
    from ckanext.tdpf.readability.cells import regions
    regions()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    outcome = pipeline.process({rid!r}, wait=30)
    print(json.dumps({{"seconds": time.perf_counter() - t, "base_kb": base,
                      "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "state": outcome and outcome["state"]}}))
"""


def large_file(args, mb: int) -> dict:
    path = ROOT / "var" / f"bench-files-{mb}mb.csv"
    if not path.exists() or path.stat().st_size < mb * 2**20:
        generate_csv(path, mb)
    [(rid, _)] = _uploads([path], f"{mb}mb")
    from ckan import model
    model.Session.commit()
    code = CHILD.format(bench=str(ROOT / "bench"), ini=str(args.ini), rid=rid)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    found = json.loads(out)
    size = path.stat().st_size
    found.update(mb=round(size / 2**20, 1), mb_per_s=round(size / 2**20 / found["seconds"], 2),
                 held_mb=round((found["peak_kb"] - found["base_kb"]) / 1024, 1),
                 peak_mb=round(found["peak_kb"] / 1024, 1))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", type=pathlib.Path, default=DEFAULT_INI)
    parser.add_argument("--db-url", default=DEFAULT_DB_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--setup", action="store_true", help="re-run the setup steps")
    parser.add_argument("--mb", type=int, default=100, help="size of the generated CSV (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the check alone per file")
    parser.add_argument("--only-large", action="store_true",
                        help="only the generated CSV (not the real files)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)

    ensure_datastore(search_bench._ini_db_url(args.ini) or args.db_url)  # before db init
    search_bench.ensure_setup(args)
    set_permissions(args.ini)
    paths = real_files()
    if not paths:
        sys.exit("no real files (shared/realdata missing)")
    app = search_bench.make_ckan_app(str(args.ini))
    figures: dict = {}
    with app._wsgi_app.test_request_context():
        empty_queues()
        try:
            if not args.only_large:
                made = _uploads(paths, "real")
                figures["pipeline"] = pipeline_run(made)
                figures["recheck"] = recheck_run(made)
                figures["readability_alone"] = readability_alone(paths, args.repeat)
            if args.mb:
                figures["large"] = large_file(args, args.mb)
        finally:
            empty_queues()
    p = figures.get("pipeline")
    if p:
        print(f"whole pipeline: {p['files']} real files, {p['mb']} MB in {p['seconds']} s: "
              f"{p['files_per_s']} files/s, {p['mb_per_s']} MB/s (median {p['median_s']} "
              f"s/file; slowest {p['max']['file']} {p['max']['seconds']} s)")
        print(f"  seconds by step: {p['seconds_by_step']}")
        for r in p["analyser_errors"]:
            print(f"  not clean: {r['file']} {r['state']} {r['errors']}")
        r = figures["recheck"]
        print(f"re-check (preview load of a new version, same columns): {r['files']} files "
              f"in {r['seconds']} s: {r['files_per_s']} files/s (median {r['median_s']} s)")
        r = figures["readability_alone"]
        print(f"readability check alone: median {r['median_s']} s, mean {r['mean_s']} s, "
              f"max {r['max_s']} s per file ({r['slowest']}); target <= {r['target_s']} s")
    if "large" in figures:
        g = figures["large"]
        print(f"{g['mb']} MB CSV, whole pipeline: {g['seconds']:.1f} s ({g['mb_per_s']} MB/s), "
              f"state {g['state']}, peak RSS {g['peak_mb']} MB, "
              f"{g['held_mb']} MB above the RSS after loading CKAN")
    print(f"(max RSS of this process: {rlimit.getrusage(rlimit.RUSAGE_SELF).ru_maxrss // 1024} MB)")
    if args.json:
        pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
