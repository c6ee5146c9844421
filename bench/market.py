#!/usr/bin/env python3
"""Market benchmark: what the tdpf_market plugin's access checks cost on
``package_search`` and on downloads, against the same requests with the
plugin not loaded (target: at most 10% more).

Run (from the repository root, with the project virtualenv on PATH)::

    python bench/market.py                   # N=300 datasets, 150 requests each
    python bench/market.py -n 600 --queries 300 --downloads 300 \\
        --json var/bench-market.json
    python bench/market.py --skip-load       # measure again, same data

Setup is bench/search.py's (``ensure_setup``): database
``tdpf_bench_market`` and ``var/bench-market.ini`` (Redis db 13) are created
on first use; ``--fresh`` drops and recreates the database. Never point
``--ini`` at a real site.

Data (``load``, every plugin loaded, created through the actions as a
provider would): one provider organisation; N public datasets, a third each
open, conditional (automatic approval) and paid per download (100 yen), two
URL resources each; an uploaded file (``--file-kb``) on one open and one
conditional dataset; a paid corporate member holding grants on half of the
conditional and paid datasets (their search results are unmasked, the rest
masked).

Measurement: two worker processes, one with the ini's plugins (``market``)
and one with ``tdpf_market`` removed from ``ckan.plugins`` (``none``). The
driver sends every request to both, one after the other, alternating which
goes first, so each pair runs under the same machine load (other test
suites on a shared machine move absolute times a lot). Each worker times
(10 warm-up requests per scenario not counted):

* ``search/action/<user>``: ``package_search`` called in process (rows=20,
  eight facet fields), three query kinds round-robin (``q=*:*``, a
  keyword, ``fq=res_format:CSV``), for an anonymous visitor, the member
  and a sysadmin: the chained action, URL masking of every result, the
  index hooks' fields;
* ``search/api/<user>``: the same through the WSGI app
  (``/api/3/action/package_search``, test client, no network), adding the
  rate-limit hook (a Redis token bucket; limits raised so nothing is
  refused);
* ``download/gated``: the member fetching the conditional upload: with the
  market, the authorised route (grant check, access log row, fee hook,
  rate limit, commit); without it, CKAN's own download route of the same
  file (no check at all: what the market replaces);
* ``download/open``: CKAN's download route for the open upload (with the
  market, its guard decides the file is open and lets CKAN serve it).

Reported: p50 and p95 in ms per scenario and configuration, the overhead
of ``market`` over ``none`` in % of p50 and the median of the paired
ratios (market time / none time of the same request number) minus one.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import search as search_bench  # noqa: E402  (bench/search.py: setup helpers)

DEFAULT_INI = ROOT / "var" / "bench-market.ini"
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/tdpf_bench_market"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
ORG, MEMBER, ADMIN = "bench-provider", "bench-member", "bench-admin"
KEYWORDS = ["避難所", "人流", "公衆トイレ", "子育て", "文化財"]
NO_LIMITS = "1000000/h"
# the same facet fields in both configurations (the market's own are in the
# index either way: the documents were indexed with every plugin)
FACETS = json.dumps(["organization", "tags", "res_format", "license_id", "access_level",
                     "fee", "trading_policy_use_application", "eligible_member_types"])
QUERIES = [{"q": "*:*"}, {"q": "KEYWORD"}, {"q": "*:*", "fq": "res_format:CSV"}]


# ---------------------------------------------------------------------------
# CKAN in this process
# ---------------------------------------------------------------------------
def make_app(ini: str, without_market: bool):
    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app as ckan_make_app

    conf = CKANConfigLoader(ini).get_config()
    if without_market:
        conf["ckan.plugins"] = " ".join(
            p for p in conf["ckan.plugins"].split() if p != "tdpf_market")
    for scope in ("api", "download"):
        for tier in ("anonymous", "free", "paid"):
            conf[f"ckanext.tdpf_market.ratelimit.{scope}.{tier}"] = NO_LIMITS
    import logging
    # the load's notification mails have no SMTP server to go to
    logging.disable(logging.CRITICAL)
    return ckan_make_app(conf)


def _attest() -> dict:
    try:
        from ckanext.tdpf_trust.warranty import rules as warranty
    except ImportError:
        return {}
    return {warranty.ATTESTATION_KEY: dict.fromkeys(warranty.ATTESTATIONS, True)}


def load(args) -> None:
    """Create the benchmark catalogue (see the module docstring)."""
    from werkzeug.datastructures import FileStorage

    from ckan import model
    from ckan.plugins import toolkit as tk

    app = make_app(args.ini, without_market=False)
    with app._wsgi_app.test_request_context():
        if model.Group.get(ORG) is not None:
            print("load: the catalogue exists (use --fresh to rebuild it)")
            return
        act = tk.get_action
        site = {"ignore_auth": True}
        admin = act("user_create")(dict(site), {"name": ADMIN, "email": "a@example.jp",
                                                "password": "Bench-2026-pass"})
        model.User.get(admin["id"]).sysadmin = True
        model.repo.commit()
        member = act("user_create")(dict(site), {"name": MEMBER, "email": "m@example.jp",
                                                 "password": "Bench-2026-pass"})
        act("tdpf_member_update")(dict(site), {"id": member["id"], "member_type": "corporation",
                                               "tier": "paid"})
        ctx = {"user": ADMIN}
        org = act("organization_create")(dict(ctx), {"name": ORG, "title": "ベンチ提供者"})
        started = time.perf_counter()
        datasets = []
        for i in range(args.n):
            kind = ("open", "conditional", "paid")[i % 3]
            fields: dict[str, Any] = {"access_level": kind}
            if kind == "conditional":
                fields.update(trading_policy_use_application=["研究", "商用"],
                              approval_mode="auto")
            if kind == "paid":
                fields.update(fee_amount=100, fee_unit="download",
                              trading_policy_use_application=["商用"], approval_mode="auto")
            word = KEYWORDS[i % len(KEYWORDS)]
            datasets.append(act("package_create")(dict(ctx), {
                "name": f"bench-{i:05d}", "title": f"{word} データ {i}",
                "notes": f"{word}に関するベンチマーク用データセット {i}。",
                "owner_org": org["id"], "license_id": "cc-by-4.0",
                "privacy_policy_contains_personal_data": "非個人情報",
                "tag_string": word, **fields, **_attest(),
                "resources": [
                    {"url": f"https://data.example.jp/{i}/a.csv", "format": "CSV", "name": "a"},
                    {"url": f"https://data.example.jp/{i}/b.json", "format": "JSON", "name": "b"},
                ]}))
            if (i + 1) % max(1, args.n // 10) == 0:
                print(f"load: {i + 1}/{args.n} datasets "
                      f"({(i + 1) / (time.perf_counter() - started):.1f}/s)")
        body = b"time,area,count\n" + b"2024-04-01T08:00,131016,1520\n" * (args.file_kb * 34)
        for ds in (datasets[0], datasets[1]):   # open, conditional
            act("resource_create")(dict(ctx), {
                "package_id": ds["id"], "name": "upload", "format": "CSV", **_attest(),
                "upload": FileStorage(io.BytesIO(body), "bench.csv")})
        member_ctx = {"user": MEMBER}
        # half of the conditional and paid ones, datasets[1] (the upload) among them
        gated = [d for i, d in enumerate(datasets) if i % 3 and i % 6 < 3]
        for ds in gated:
            act("tdpf_access_request_create")(dict(member_ctx), {
                "dataset_id": ds["id"], "purpose": "商用", "accepted_conditions": True})
        print(f"load: {args.n} datasets, {len(gated)} grants in "
              f"{time.perf_counter() - started:.0f} s")


# ---------------------------------------------------------------------------
# Measuring processes
# ---------------------------------------------------------------------------
def _params(i: int) -> dict[str, str]:
    params = dict(QUERIES[i % len(QUERIES)])
    if params["q"] == "KEYWORD":
        params["q"] = KEYWORDS[(i // len(QUERIES)) % len(KEYWORDS)]
    return params


def scenarios(args) -> dict[str, Callable[[int], None]]:
    """name -> one request (argument: its sequence number)."""
    from ckan import model
    from ckan.plugins import toolkit as tk

    app = make_app(args.ini, without_market=args.mode == "none")
    flask_app = app._wsgi_app
    client = flask_app.test_client()
    with flask_app.test_request_context():
        tokens = {name: tk.get_action("api_token_create")(
            {"user": name, "ignore_auth": True}, {"user": name, "name": "bench"})["token"]
            for name in (MEMBER, ADMIN)}
        uploads = model.Session.query(model.Resource).filter_by(
            url_type="upload", state="active").order_by(model.Resource.created).all()
        open_res, gated_res = [(r.package_id, r.id) for r in uploads[:2]]
        model.Session.remove()
    users = {"anonymous": ("", {}), "member": (MEMBER, {"Authorization": tokens[MEMBER]}),
             "sysadmin": (ADMIN, {"Authorization": tokens[ADMIN]})}
    out: dict[str, Callable[[int], None]] = {}
    for label, (user, headers) in users.items():
        def action(i: int, user=user) -> None:
            with flask_app.test_request_context():
                tk.get_action("package_search")(
                    {"user": user}, {"rows": 20, "facet.field": FACETS, **_params(i)})
                model.Session.remove()

        def api(i: int, headers=headers) -> None:
            response = client.get("/api/3/action/package_search", headers=headers,
                                  query_string={"rows": "20", "facet.field": FACETS,
                                                **_params(i)})
            assert response.status_code == 200, response.status_code
        out[f"search/action/{label}"] = action
        out[f"search/api/{label}"] = api

    def fetch(path: str) -> Callable[[int], None]:
        def get(i: int) -> None:
            response = client.get(path, headers=users["member"][1])
            assert response.status_code == 200, (path, response.status_code)
            assert response.get_data()
        return get
    core = "/dataset/{}/resource/{}/download"
    out["download/gated"] = fetch(f"/market/download/{gated_res[1]}" if args.mode == "market"
                                  else core.format(*gated_res))
    out["download/open"] = fetch(core.format(*open_res))
    return out


def serve(args) -> None:
    """Answer "<scenario> <i>" lines on stdin with the request's time in ms."""
    runs = scenarios(args)
    print("ready " + " ".join(runs), flush=True)
    for line in sys.stdin:
        name, i = line.split()
        start = time.perf_counter()
        runs[name](int(i))
        print(f"{(time.perf_counter() - start) * 1000:.3f}", flush=True)


class Worker:
    def __init__(self, args, mode: str):
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--ini", str(args.ini), "--phase", "serve",
             "--mode", mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=dict(os.environ, PYTHONWARNINGS="ignore"))
        self.ready = self._line()

    def _line(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited ({self.proc.wait()})")
        return line.strip()

    def time(self, name: str, i: int) -> float:
        self.proc.stdin.write(f"{name} {i}\n")
        self.proc.stdin.flush()
        return float(self._line())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _stats(samples: list[float]) -> dict[str, float]:
    return {"n": len(samples), "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(search_bench._percentile(samples, 0.95), 2)}


def measure(args) -> dict[str, Any]:
    """Both configurations side by side: each request is sent to one and
    then the other (alternating who goes first), so both run under the same
    machine load; 10 warm-up requests per scenario are not counted."""
    workers = {mode: Worker(args, mode) for mode in ("market", "none")}
    names = workers["market"].ready.split()[1:]
    table: dict[str, Any] = {}
    try:
        for name in names:
            count = args.downloads if name.startswith("download") else args.queries
            samples: dict[str, list[float]] = {"market": [], "none": []}
            for i in range(count + 10):
                order = ("market", "none") if i % 2 else ("none", "market")
                for mode in order:
                    ms = workers[mode].time(name, i)
                    if i >= 10:
                        samples[mode].append(ms)
            row = {mode: _stats(values) for mode, values in samples.items()}
            pairs = [a / b for a, b in zip(samples["market"], samples["none"], strict=True)]
            row["overhead_p50_pct"] = round(
                100 * (row["market"]["p50_ms"] / row["none"]["p50_ms"] - 1), 1)
            row["overhead_paired_pct"] = round(100 * (statistics.median(pairs) - 1), 1)
            table[name] = row
            m, n = row["market"], row["none"]
            print(f"{name:24} {m['p50_ms']:>8.1f} /{m['p95_ms']:>7.1f} "
                  f"{n['p50_ms']:>8.1f} /{n['p95_ms']:>7.1f} "
                  f"{row['overhead_p50_pct']:>8.1f}% {row['overhead_paired_pct']:>8.1f}%",
                  flush=True)
    finally:
        for worker in workers.values():
            worker.close()
    return table


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------
def _drop_database(args) -> None:
    url = search_bench._ini_db_url(pathlib.Path(args.ini)) or args.db_url
    name = url.rsplit("/", 1)[-1]
    admin = search_bench._pg_connect(url, "postgres")
    admin.autocommit = True
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", default=str(DEFAULT_INI))
    parser.add_argument("--db-url", default=DEFAULT_DB_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("-n", type=int, default=300, help="datasets (default 300)")
    parser.add_argument("--queries", type=int, default=150,
                        help="timed searches per scenario and configuration (default 150)")
    parser.add_argument("--downloads", type=int, default=150,
                        help="timed downloads per scenario and configuration (default 150)")
    parser.add_argument("--file-kb", type=int, default=100, help="size of the uploads")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--setup", action="store_true", help="re-run the setup steps")
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument("--phase", choices=["load", "serve"], help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=["market", "none"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase == "load":
        return load(args)
    if args.phase == "serve":
        return serve(args)
    if args.fresh:
        _drop_database(args)
    search_bench.ensure_setup(args)
    if not args.skip_load:
        subprocess.run([sys.executable, __file__, "--ini", str(args.ini), "-n", str(args.n),
                        "--file-kb", str(args.file_kb), "--phase", "load"], check=True)
    print(f"\n{'scenario':24} {'market p50/p95 ms':>17} {'none p50/p95 ms':>17} "
          f"{'p50 diff':>9} {'paired':>9}")
    table = measure(args)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {"args": {k: v for k, v in vars(args).items() if k not in ("phase", "mode")},
             "summary": table}, ensure_ascii=False, indent=1))
    return None


if __name__ == "__main__":
    main()
