"""A remote catalog for harvest tests: a real HTTP server on 127.0.0.1 that
serves a CKAN Action API (package_search, package_show, package_list) and a
paged DCAT catalog (Turtle with Hydra), with switches for the faults real
catalogs show. Record shapes follow real responses (data.go.jp, e-Gov,
Tokyo's catalog): Japanese titles, tag dicts, organisation dicts, licence
ids or Japanese licence titles, resources with sizes and formats.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

SUBJECTS = ["避難所一覧", "AED設置箇所", "公衆トイレ一覧", "子育て施設一覧", "文化財一覧",
            "地域・年齢別人口", "公共施設一覧", "観光施設一覧", "医療機関一覧", "公衆無線LAN"]
ORGS = [("chiyoda", "千代田区"), ("shinjuku", "新宿区"), ("koto", "江東区"),
        ("hachioji", "八王子市")]
LICENCES = [("CC-BY-4.0", "クリエイティブ・コモンズ 表示 4.0 国際"),
            ("", "政府標準利用規約（第2.0版）"), ("cc-by", "Creative Commons Attribution"),
            ("odc-odbl", "Open Data Commons Open Database License (ODbL)")]
FORMATS = ["CSV", "xlsx", "text/csv", "PDF", "GeoJSON", ".json"]


def make_dataset(i: int, *, modified: str = "2026-01-10T09:00:00.000000",
                 host: str = "example.lg.jp") -> dict:
    org_name, org_title = ORGS[i % len(ORGS)]
    subject = SUBJECTS[i % len(SUBJECTS)]
    lic_id, lic_title = LICENCES[i % len(LICENCES)]
    fmt = FORMATS[i % len(FORMATS)]
    rid = str(uuid.UUID(int=i + 1))
    return {
        "id": str(uuid.UUID(int=10**12 + i)), "name": f"t13{i:010d}",
        "title": f"{subject}（{org_title}）第{i}版", "type": "dataset", "state": "active",
        "private": False, "notes": f"{org_title}の{subject}です。毎年度更新します。",
        "metadata_created": "2025-04-01T00:00:00.000000", "metadata_modified": modified,
        "license_id": lic_id, "license_title": lic_title,
        "maintainer": f"{org_title} 情報政策課", "maintainer_email": f"opendata@{org_name}.{host}",
        "author": None, "version": None, "url": f"https://www.city.{org_name}.{host}/opendata/{i}",
        "organization": {"id": str(uuid.UUID(int=7000 + i % len(ORGS))), "name": org_name,
                         "title": org_title, "type": "organization"},
        "tags": [{"name": subject.split("一覧")[0], "display_name": subject.split("一覧")[0]},
                 {"name": "オープンデータ", "display_name": "オープンデータ"},
                 {"name": " ", "display_name": " "}],
        "extras": [{"key": "spatial", "value": ""}],
        "resources": [
            {"id": rid, "name": f"{subject}.{fmt.lower().strip('.').split('/')[-1]}",
             "description": f"{subject}（{fmt}形式）", "format": fmt, "mimetype": None,
             "size": 19000 + i, "created": "2025-04-01T10:54:04.094557",
             "last_modified": None, "url": f"https://www.city.{org_name}.{host}/data/{i}.csv",
             "state": "active", "position": 0},
            {"id": str(uuid.UUID(int=10**9 + i)), "name": "ローカルファイル", "format": "CSV",
             "url": "file:///srv/data/secret.csv", "state": "active", "position": 1},
        ],
        "num_resources": 2, "num_tags": 3, "revision_id": str(uuid.uuid4()),
    }


@dataclass
class Faults:
    """Switches; counters count down per request of the kind they affect."""

    slow_seconds: float = 0.0          # every API answer waits this long
    error500: int = 0                  # next N API calls answer 500
    rate429: int = 0                   # next N API calls answer 429, Retry-After: 1
    truncated: int = 0                 # next N package_search bodies are cut short
    html200: bool = False              # an HTML error page with status 200
    repeat_page: bool = False          # package_search ignores `start` (and the id range)
    no_keyset: bool = False            # package_search ignores `fq=id:[x TO *]` (offset only)
    upper_ids: bool = False            # ids in upper case
    huge: bool = False                 # a 50 MB package_search answer
    redirect_to: str = ""              # API answers 302 to this URL
    shift_jis: bool = False            # bodies in Shift_JIS without a charset
    ckan22: bool = False               # CKAN 2.2 shapes: no `fl`, no `type`, no sort
    dcat_loop: bool = False            # the last DCAT page points back to page 1
    dcat_file_next: bool = False       # the DCAT next page is a file:// URL
    requests: list = field(default_factory=list)


class FixtureSource:
    """The remote catalog: ``datasets`` by id, editable by tests."""

    def __init__(self, count: int = 12, host: str = "example.lg.jp"):
        self.datasets = {d["id"]: d for d in (make_dataset(i, host=host) for i in range(count))}
        self.faults = Faults()
        self.lock = threading.Lock()
        self.dcat_page_size = 5
        self._server = None
        # called (under the lock) before each package_search is answered, with
        # its number (1, 2, ...) and arguments: a test changes the catalog
        # between and during the pages of one listing
        self.on_search = None
        self._searches = 0

    # -- edits a test makes at the "remote" catalog -----------------------
    def touch(self, dataset_id: str, **changes) -> None:
        d = self.datasets[dataset_id]
        d.update(changes)
        d["metadata_modified"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")

    def add(self, i: int, dataset_id: str | None = None) -> dict:
        d = make_dataset(i)
        if dataset_id:
            d["id"] = dataset_id
        d["metadata_modified"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        self.datasets[d["id"]] = d
        return d

    def delete(self, dataset_id: str) -> None:
        self.datasets[dataset_id]["state"] = "deleted"

    # -- serving ---------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FixtureSource:
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    @Request.application
    def _app(self, request: Request) -> Response:
        f = self.faults
        f.requests.append(request.full_path)
        if request.path.startswith("/dcat/"):
            return self._dcat(request)
        if f.slow_seconds:
            time.sleep(f.slow_seconds)
        with self.lock:
            if f.redirect_to:
                return Response(status=302, headers={"Location": f.redirect_to})
            if f.error500 > 0:
                f.error500 -= 1
                return Response("<h1>Internal Server Error</h1>", status=500)
            if f.rate429 > 0:
                f.rate429 -= 1
                return Response("busy", status=429, headers={"Retry-After": "1"})
        if f.html200:
            return Response("<html><body><h1>メンテナンス中です</h1></body></html>",
                            content_type="text/html; charset=utf-8")
        action = request.path.rstrip("/").rsplit("/", 1)[-1]
        handler = {"package_search": self._search, "package_show": self._show,
                   "package_list": self._list}.get(action)
        if handler is None:
            return Response("not found", status=404)
        return self._json(request, handler(request.args))

    def _visible(self) -> list[dict]:
        return sorted((d for d in self.datasets.values() if d["state"] == "active"),
                      key=lambda d: d["id"])

    def _shape(self, d: dict) -> dict:
        d = copy.deepcopy(d)
        if self.faults.upper_ids:
            d["id"] = d["id"].upper()
        if self.faults.ckan22:
            d.pop("type", None)
            d["extras"] = {e["key"]: e["value"] for e in d["extras"]}  # 1.x/2.2 dict shape
        return d

    def _search(self, args) -> dict:
        with self.lock:
            self._searches += 1
            if self.on_search:
                self.on_search(self._searches, args)
            items = self._visible()
        rows = min(int(args.get("rows", 10)), 1000)
        start = 0 if self.faults.repeat_page else int(args.get("start", 0))
        fq = args.get("fq", "")
        m = re.search(r"metadata_modified:\[(\S+) TO \*\]", fq)
        if m:
            since = m.group(1).rstrip("Z")
            items = [d for d in items if d["metadata_modified"] >= since]
        # a Solr range on the string field id (inclusive), as CKAN passes fq on
        m = re.search(r"\bid:\[(\S+) TO \*\]", fq)
        if m and not (self.faults.no_keyset or self.faults.repeat_page):
            items = [d for d in items if d["id"] >= m.group(1).strip('"').lower()]
        page = [self._shape(d) for d in items[start:start + rows]]
        fl = args.get("fl")
        if fl and not self.faults.ckan22:
            keep = fl.split(",")
            page = [{k: d.get(k) for k in keep} for d in page]
        return {"count": len(items), "sort": "id asc", "facets": {}, "results": page,
                "search_facets": {}}

    def _show(self, args) -> dict | None:
        wanted = (args.get("id") or "").lower()
        for d in self.datasets.values():
            if d["state"] == "active" and wanted in (d["id"].lower(), d["name"]):
                return self._shape(d)
        return None

    def _list(self, args) -> list[str]:
        return [d["name"] for d in self._visible()]

    def _json(self, request: Request, result) -> Response:
        f = self.faults
        if result is None:
            body = {"success": False, "error": {"__type": "Not Found Error"}}
            return Response(json.dumps(body), status=404, content_type="application/json")
        body = {"help": f"{self.url}/api/3/action/help_show", "success": True,
                "result": result}
        text = json.dumps(body, ensure_ascii=False)
        if f.huge:
            text = text[:-1] + ', "padding": "' + "x" * (50 * 1024 * 1024) + '"}'
        with self.lock:
            if f.truncated > 0 and "package_search" in request.path:
                f.truncated -= 1
                text = text[: len(text) // 2]
        if f.shift_jis:
            return Response(text.encode("shift_jis", errors="replace"),
                            content_type="application/json")
        return Response(text, content_type="application/json; charset=utf-8")

    # -- DCAT ------------------------------------------------------------------------
    def _dcat(self, request: Request) -> Response:
        f = self.faults
        items = self._visible()
        size = self.dcat_page_size
        last = max(1, -(-len(items) // size))
        page = int(request.args.get("page", 1))
        chunk = items[(page - 1) * size: page * size]
        nxt = ""
        if page < last:
            nxt = f"{self.url}/dcat/catalog.ttl?page={page + 1}"
        elif f.dcat_loop:
            nxt = f"{self.url}/dcat/catalog.ttl?page=1"
        elif f.dcat_file_next:
            nxt = "file:///etc/passwd"
        return Response(turtle(chunk, request.url, nxt, page, last), content_type="text/turtle")


def _lit(text: str) -> str:
    return json.dumps(text or "", ensure_ascii=False)


def turtle(datasets: list[dict], page_url: str, next_url: str, page: int, last: int) -> str:
    out = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .",
           "@prefix dct: <http://purl.org/dc/terms/> .",
           "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
           "@prefix hydra: <http://www.w3.org/ns/hydra/core#> .",
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
           f"<{page_url}> a hydra:PagedCollection ; hydra:itemsPerPage 5 ;",
           f'  hydra:firstPage "{page_url.split("?")[0]}?page=1" ;'
           + (f' hydra:nextPage "{next_url}" ;' if next_url else ""),
           f'  hydra:lastPage "{page_url.split("?")[0]}?page={last}" .',
           "<https://catalog.example.lg.jp/catalog> a dcat:Catalog ;"
           + " ; ".join(f" dcat:dataset <https://catalog.example.lg.jp/dataset/{d['name']}>"
                        for d in datasets) + " ." if datasets else ""]
    for d in datasets:
        uri = f"https://catalog.example.lg.jp/dataset/{d['name']}"
        res = d["resources"][0]
        out.append(
            f"<{uri}> a dcat:Dataset ; dct:identifier {_lit(d['name'])} ;"
            f" dct:title {_lit(d['title'])}@ja ; dct:description {_lit(d['notes'])}@ja ;"
            f" dcat:keyword {_lit(d['tags'][0]['name'])}@ja ;"
            f" dcat:landingPage <{d['url']}> ;"
            f" dct:publisher [ a foaf:Agent ; foaf:name {_lit(d['organization']['title'])} ] ;"
            f" dct:modified \"{d['metadata_modified'][:19]}\"^^xsd:dateTime ;"
            f" dcat:distribution <{uri}/r0> .\n"
            f"<{uri}/r0> a dcat:Distribution ; dct:title {_lit(res['name'])} ;"
            f" dcat:accessURL <{res['url']}> ; dct:format {_lit(res['format'])} ;"
            f" dct:license <http://creativecommons.org/licenses/by/4.0/> .")
    return "\n".join(out) + "\n"
