#!/usr/bin/env python
"""Harvest benchmark: our ``tdpf_ckan`` against ckanext-harvest's stock
``ckan_harvester`` on the same fixture CKAN.

A fixture source (tests/harvesters/fixture_source.py, in its own process)
serves N realistic Japanese datasets on 127.0.0.1. For each harvester, one
source is created and three runs are timed, each a separate
``ckan tdpf harvest run SOURCE --here`` process (gather, fetch and import
in that process, as one queue worker would do them):

1. first full harvest;
2. a re-run with no change at the source;
3. a re-run after 1% of the datasets changed and 1% were deleted.

Peak RSS is sampled every 0.1 s: of the largest process (the run or one of
its forked import workers) and of all of them together. Each harvester
gets its own empty database state (the dataset tables are emptied between
harvesters), so the stock harvester does not see our datasets.

    python bench/harvest.py              # N=10000 (a quarter of an hour on 2 cores)
    python bench/harvest.py -n 500       # a quick check
    python bench/harvest.py -n 100000 --only tdpf_ckan   # the memory target
    python bench/harvest.py -n 1000 --workers 1          # one import process each

Database ``tdpf_bench_harvest`` and ``var/bench-harvest.ini`` (Redis db 12)
are created on first use; the script empties that database's datasets.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import pathlib
import random
import resource
import subprocess
import sys
import time

import psutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV_BIN = pathlib.Path(sys.executable).parent
INI = ROOT / "var" / "bench-harvest.ini"
DB = "tdpf_bench_harvest"
REDIS_DB = 12
PLUGINS = ("tdpf scheming_datasets scheming_organizations harvest ckan_harvester "
           "tdpf_ckan tdpf_dcat activity")


def _sh(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw)


def setup(workers: int) -> None:
    """Database, ini with our plugins + the stock CKAN harvester, migrations;
    ``workers``: import processes of ``run --here`` (for either harvester)."""
    # the project's own role and password (a fresh machine has neither)
    _sh("bash", "-c", f"source scripts/common.sh && ensure_database {DB}", cwd=ROOT)
    password = (ROOT / "var" / "db_password").read_text().strip()
    _sh(str(VENV_BIN / "python"), str(ROOT / "scripts" / "render_config.py"), str(INI),
        "site_id=tdpfbench", "site_url=http://127.0.0.1:5999",
        f"sqlalchemy_url=postgresql://ckan_tdpf:{password}@127.0.0.1:5432/{DB}",
        f"redis_url=redis://127.0.0.1:6379/{REDIS_DB}", f"storage_path={ROOT}/var/bench-storage",
        "solr_url=http://127.0.0.1:8983/solr/ckan", "outbound_allow_hosts=127.0.0.1",
        "mfa_enforce_enrolment=false")
    text = INI.read_text(encoding="utf-8")
    lines = [f"ckan.plugins = {PLUGINS}\nckanext.tdpf_harvesters.import_workers = {workers}"
             if line.startswith("ckan.plugins =") else line for line in text.splitlines()]
    INI.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _sh(str(VENV_BIN / "ckan"), "-c", str(INI), "db", "init")
    _sh(str(VENV_BIN / "ckan"), "-c", str(INI), "db", "upgrade")


def _serve(n: int, port_out, commands) -> None:
    """The fixture source, in its own process; obeys change/delete commands."""
    sys.path.insert(0, str(ROOT))
    from tests.harvesters.fixture_source import FixtureSource

    src = FixtureSource(count=n)
    for d in src.datasets.values():
        # what the stock harvester can store at all: TDPF licence ids, tags
        # CKAN accepts, no extra named like a schema field (with the raw
        # fixture records it fails on every dataset; ours cleans them)
        d["license_id"], d["license_title"] = "cc-by-4.0", "CC BY 4.0"
        d["tags"] = [{"name": "オープンデータ"}, {"name": "避難所"}]
        d["extras"] = []
    src.start()
    port_out.put(src.url)
    while True:
        cmd = commands.get()
        if cmd == "stop":
            return
        rng = random.Random(7)
        ids = sorted(src.datasets)
        k = max(1, len(ids) // 100)
        picked = rng.sample(ids, 2 * k)
        for i in picked[:k]:
            src.touch(i, title=src.datasets[i]["title"] + "（更新）")
        for i in picked[k:]:
            src.datasets[i]["state"] = "deleted"
        port_out.put("changed")


def _ckan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "ckan"), "-c", str(INI), *args],
                          text=True, capture_output=True)


def _python(code: str) -> str:
    """Run a snippet inside a CKAN app context of the bench ini."""
    prog = ("import sys\nfrom ckan.cli import load_config\nfrom ckan.config.middleware "
            "import make_app\napp = make_app(load_config(sys.argv[1]))\n"
            "with app._wsgi_app.test_request_context():\n"
            + "\n".join("    " + line for line in code.splitlines()))
    out = subprocess.run([sys.executable, "-c", prog, str(INI)], text=True,
                         capture_output=True)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return out.stdout


def reset_and_create_source(kind: str, url: str) -> None:
    config = {"provider_type": "municipality", "municipality_codes": ["131016"],
              "default_license": "cc-by-4.0", "rate_limit": 0}
    if kind == "ckan":  # the stock ckan_harvester plugin
        config = {}
    _python(f"""
import json
import sqlalchemy as sa
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
tables = ["harvest_object_error", "harvest_object_extra", "harvest_object",
          "harvest_gather_error", "harvest_job", "harvest_source", "tdpf_harvest_key",
          "tdpf_harvest_record"]
for t in tables:
    model.Session.execute(sa.text("DELETE FROM " + t))
model.Session.commit()
for pkg in model.Session.query(model.Package.id).all():
    tk.get_action("dataset_purge")({{"ignore_auth": True}}, {{"id": pkg[0]}})
if model.Group.get("bench-org"):
    tk.get_action("organization_purge")({{"ignore_auth": True}}, {{"id": "bench-org"}})
search.clear_all()
model.Session.commit()
user = tk.get_action("get_site_user")({{"ignore_auth": True}}, {{}})
ctx = {{"user": user["name"]}}
org = tk.get_action("organization_create")(ctx, {{"name": "bench-org", "title": "千代田区"}})
tk.get_action("harvest_source_create")(ctx, {{
    "name": "bench-src", "title": "ベンチマーク", "url": {url!r},
    "source_type": {kind!r}, "owner_org": org["id"], "frequency": "MANUAL",
    "config": json.dumps({config!r})}})
""")


# Runs the ckan CLI counting SQL statements (and their time) per statement
# text; written as JSON at exit. Forked import workers exit without atexit:
# use it with --workers 1.
_SQL_STATS = """
import atexit, collections, json, re, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine
stats = collections.defaultdict(lambda: [0, 0.0])
@event.listens_for(Engine, "before_cursor_execute")
def _before(conn, cursor, statement, params, context, many):
    conn.info.setdefault("t0", []).append(time.perf_counter())
@event.listens_for(Engine, "after_cursor_execute")
def _after(conn, cursor, statement, params, context, many):
    s = stats[re.sub(r"\\s+", " ", statement)[:160]]
    s[0] += 1
    s[1] += time.perf_counter() - conn.info["t0"].pop()
@event.listens_for(Engine, "commit")
def _commit(conn):
    stats["COMMIT"][0] += 1
out, sys.argv = sys.argv[1], ["ckan", *sys.argv[2:]]
def _dump():
    rows = sorted(([k, n, round(t, 3)] for k, (n, t) in stats.items()), key=lambda r: -r[2])
    with open(out, "w") as f:
        json.dump(rows, f, ensure_ascii=False, indent=0)
atexit.register(_dump)
from ckan.cli.cli import ckan
ckan()
"""

# cProfile of the ckan CLI counting CPU time (time.process_time), not wall
# time: waits for PostgreSQL and other processes' load stay out of it.
_CPU_PROFILE = """
import atexit, cProfile, sys, time
out, sys.argv = sys.argv[1], ["ckan", *sys.argv[2:]]
prof = cProfile.Profile(time.process_time)
atexit.register(lambda: prof.dump_stats(out))
prof.enable()
from ckan.cli.cli import ckan
ckan()
"""

# tracemalloc of the ckan CLI: snapshots after about 1/4 and all of the
# first harvest's new datasets (counted per batch), the growth in between
# by allocating line written to a text file. --workers 1: the import runs
# in the run process.
_TRACE_MEMORY = """
import atexit, gc, sys, tracemalloc
out, total, sys.argv = sys.argv[1], int(sys.argv[2]), ["ckan", *sys.argv[3:]]
tracemalloc.start(8)
from ckanext.tdpf_harvesters import batch
real, state = batch.import_batch, {"n": 0, "first": None}
def import_batch(leader, others):
    outcome = real(leader, others)
    state["n"] += 1 + len(others)
    if state["first"] is None and state["n"] >= total // 4:
        gc.collect()
        state["first"] = (state["n"], tracemalloc.take_snapshot())
    return outcome
batch.import_batch = import_batch
def _dump():
    if state["first"] is None:
        return
    gc.collect()
    n0, first = state["first"]
    stats = tracemalloc.take_snapshot().compare_to(first, "traceback")
    with open(out, "w") as f:
        f.write(f"growth from {n0} to {state['n']} datasets\\n")
        for st in stats[:25]:
            f.write(f"{st.size_diff / 2**20:+.2f} MB {st.count_diff:+d} blocks\\n")
            f.write("\\n".join("    " + line for line in st.traceback.format()[-16:]) + "\\n")
atexit.register(_dump)
from ckan.cli.cli import ckan
ckan()
"""


def timed_run(profile: str | None = None, sql_stats: str | None = None,
              time_limit: float | None = None, trace_memory: tuple[str, int] | None = None
              ) -> dict:
    log = INI.with_suffix(".run.log")  # a pipe would fill up and block
    cmd = [str(VENV_BIN / "ckan"), "-c", str(INI), "tdpf", "harvest", "run", "bench-src",
           "--here"]
    if profile:
        cmd = [sys.executable, "-c", _CPU_PROFILE, profile, *cmd[1:]]
    elif sql_stats:
        cmd = [sys.executable, "-c", _SQL_STATS, sql_stats, *cmd[1:]]
    elif trace_memory:
        cmd = [sys.executable, "-c", _TRACE_MEMORY, trace_memory[0], str(trace_memory[1]),
               *cmd[1:]]
    cpu_before = _children_cpu()
    with open(log, "w") as out_file:
        proc = psutil.Popen(cmd, stdout=out_file, stderr=subprocess.STDOUT)
    started, peak, peak_sum, stopped = time.monotonic(), 0, 0, False
    peak_run = peak_worker = 0
    while proc.poll() is None:
        try:  # the run and its import workers (forked: shared pages count in each)
            procs = [proc, *proc.children(recursive=True)]
            rss = [p.memory_info().rss for p in procs]
        except psutil.NoSuchProcess:
            continue
        peak, peak_sum = max(peak, *rss), max(peak_sum, sum(rss))
        peak_run, peak_worker = max(peak_run, rss[0]), max(peak_worker, 0, *rss[1:])
        if time_limit and time.monotonic() - started > time_limit:
            for p in reversed(procs):  # the workers, then the run: all ours
                with contextlib.suppress(psutil.NoSuchProcess):
                    p.kill()
            stopped = True
            break
        time.sleep(0.1)
    proc.wait()
    elapsed = time.monotonic() - started
    out = log.read_text(encoding="utf-8", errors="replace")
    summary = [line.split("objects")[-1].strip() for line in out.splitlines()
               if "Finished:" in line]
    result = {"seconds": round(elapsed, 1),
              # CPU of the run and its workers (not PostgreSQL's): less
              # sensitive than seconds to the other jobs on the machine
              "cpu_seconds": round(_children_cpu() - cpu_before, 1),
              "peak_rss_mb": round(peak / 2**20), "peak_rss_all_mb": round(peak_sum / 2**20),
              # the run (gather, then waiting for its workers) and its largest worker
              "peak_rss_run_mb": round(peak_run / 2**20),
              "peak_rss_worker_mb": round(peak_worker / 2**20),
              "result": summary[-1] if summary else out[-500:]}
    if stopped:  # killed workers are not waited for: their CPU is not counted
        result["result"] = f"stopped after {time_limit:.0f} s (--time-limit)"
        result["cpu_seconds"] = None
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for descendants
    return usage.ru_utime + usage.ru_stime


def count_active() -> int:
    out = _python("""
from ckan import model
print(model.Session.query(model.Package).filter_by(type="dataset", state="active").count())
""")
    return int(out.strip().splitlines()[-1])


def bench(kind: str, url: str, commands, port_out, args) -> dict:
    reset_and_create_source(kind, url)
    results = {"first": timed_run(args.profile, args.sql_stats, args.time_limit,
                                  (args.trace_memory, args.n) if args.trace_memory else None)}
    results["first"]["datasets"] = count_active()
    print(kind, "first", json.dumps(results["first"]), flush=True)  # before the re-runs
    if not results["first"]["result"].startswith("Finished"):
        return results  # stopped (--time-limit) or failed: re-runs would time something else
    results["no_change"] = timed_run()
    commands.put("change")
    port_out.get()
    results["changed_1pct_deleted_1pct"] = timed_run()
    results["changed_1pct_deleted_1pct"]["datasets"] = count_active()
    return results


def main() -> None:
    global INI, DB, REDIS_DB
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10000)
    parser.add_argument("--only", choices=["tdpf_ckan", "ckan"])
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--profile", help="cProfile (CPU time) the first harvest into this file; --workers 1")
    parser.add_argument("--workers", type=int, default=2,
                        help="import processes of `run --here`, for both harvesters")
    parser.add_argument("--sql-stats", help="count the first harvest's SQL statements "
                        "(per statement text, with time) into this JSON file; --workers 1")
    parser.add_argument("--time-limit", type=float, help="stop the first harvest after "
                        "this many seconds and report what it did so far (RSS, datasets)")
    parser.add_argument("--trace-memory", help="tracemalloc the first harvest: what grew "
                        "between a quarter and all of it, into this text file; --workers 1")
    parser.add_argument("--db", help="another database (and ini, Redis db 13) than "
                        f"{DB}, e.g. to profile while a run goes on")
    parser.add_argument("--redis-db", type=int, help="Redis db of --db's ini (13)")
    args = parser.parse_args()
    if args.db:
        INI, DB, REDIS_DB = (ROOT / "var" / f"bench-harvest-{args.db}.ini", args.db,
                             13 if args.redis_db is None else args.redis_db)
    setup(args.workers)
    report = {"n": args.n, "import_workers": args.workers}
    for kind in ([args.only] if args.only else ["tdpf_ckan", "ckan"]):
        port_out, commands = multiprocessing.Queue(), multiprocessing.Queue()
        server = multiprocessing.Process(target=_serve, args=(args.n, port_out, commands),
                                         daemon=True)
        server.start()
        url = port_out.get(timeout=120)
        source_url = url + "/api/3/action/" if kind == "tdpf_ckan" else url
        report[kind] = bench(kind, source_url, commands, port_out, args)
        commands.put("stop")
        server.join(10)
        print(kind, json.dumps(report[kind], ensure_ascii=False, indent=1), flush=True)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
