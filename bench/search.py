#!/usr/bin/env python3
"""Search benchmark: index throughput and package_search latency of the
PostgreSQL search backend (``ckanext.tdpf.search``) on N generated datasets.

Run (from the repository root, with the project virtualenv on PATH)::

    python bench/search.py                      # N=100000, everything
    python bench/search.py -n 2000              # quick development run
    python bench/search.py --ini var/bench.ini -n 100000 --queries 200 \\
        --json var/bench-100k.json
    python bench/search.py --skip-load --skip-index   # queries only, again
    python bench/search.py --index-sample 5000 --index-workers 2

On a fresh machine (PostgreSQL and Redis running, ``make setup`` done once
for the virtualenv) the one command does everything: when the benchmark
database (``tdpf_bench`` by default) does not exist, it creates it (owner:
the PostgreSQL superuser), renders ``--ini`` with ``scripts/render_config.py``
(Redis db 3, storage in ``var/bench-storage``) and runs ``ckan db init`` and
``ckan db upgrade`` (the latter applies the plugin migrations, i.e. creates
``tdpf_search_index``). ``--setup`` forces those steps (idempotent). Never
point ``--ini`` at a real site: the load step empties the dataset tables.

Phases and what they measure
----------------------------
1. **load** (skipped with ``--skip-load``): N realistic Japanese datasets
   written straight into CKAN's tables with ``COPY`` (``package``,
   ``resource``, ``tag``, ``package_tag``, ``group`` for organisations and
   topic groups, ``member``), seeded (``--seed``) so every run builds the
   same catalogue: Tokyo-area organisations, municipality + standard dataset
   titles, 1-4 sentence descriptions, 2-6 tags, 1-4 resources, ~5% private,
   dates spread over three years. Most datasets mention 東京都 and about 2%
   mention 京都 (Kyoto) on their own, so "京都" has a precise answer.
   This is not a measurement of CKAN (package_create would take hours).
2. **index** (skipped with ``--skip-index``): CKAN's own indexing path --
   ``package_show`` (both schemas), the index document with every plugin's
   hooks, and our connection's ``add`` (tokenising, tsvector, jsonb terms,
   GIN index maintenance) -- after ``ckan.lib.search.clear_all()``.
   With the postgres backend ``rebuild`` runs that path in chunks
   (``search/bulk.py``: per chunk, one query each for the packages, what
   package_dictize reads and the hooks' lookups, and one upsert for the
   rows), exactly as ``ckan search-index rebuild`` does.
   * default: ``ckan.lib.search.rebuild(quiet=True)`` over all N datasets
     in this process (one transaction, as ``ckan search-index rebuild``);
   * ``--index-sample M``: ``rebuild(package_ids=<first M ids>)`` timed,
     the full time extrapolated; the rest of the index is then filled
     (``--index-workers`` processes, disjoint id slices, each committing
     chunk by chunk as ``ckan tdpf search rebuild --workers`` does; with
     another backend, ``rebuild(package_ids=...)`` per 200) so queries see
     all N, unless ``--no-fill``;
   * ``--index-workers W`` without a sample: the whole rebuild in W
     processes; the wall-clock rate is reported.
   Progress is printed every 5%. Besides datasets/s (wall clock, which
   depends on what else the machine runs), the CPU time per dataset of the
   indexing processes and of their PostgreSQL sessions (read from /proc
   when the server runs on this machine), and the load average before and
   after. The search index is committed at the end, as a rebuild ends
   (GIN pending lists merged, ``commit_s``).
3. **queries**: ``get_action('package_search')`` in process, warmed up, then
   ``--queries`` timed calls per user, round-robin over five query types,
   each with rows=20 and 8 facet fields (organization, groups, tags,
   res_format, license_id, res_type, dataset_type, capacity):
   ``keyword`` (避難所, トイレ, 京都, 子育て, 文化財 ... rotating),
   ``two_keywords`` (避難所 千代田区 ...), ``phrase`` ("公衆トイレ" ...),
   ``fielded`` (q=*:* with fq=organization:..., tags:防災, res_format:CSV),
   ``all`` (q=*:*). Users: ``sysadmin`` = context {'ignore_auth': True}
   (CKAN adds +capacity:public), ``anonymous`` = context {'user': ''} with
   include_private=True, which is what the dataset search page sends
   (CKAN adds +permission_labels:(public)). Reported: p50/p95/max in ms per
   type and overall (time.perf_counter around the action call, so CKAN's
   validation, result parsing and facet post-processing are included), and
   the hit counts as a sanity check.
4. **pgsearch-equivalent SQL** (``--no-pgsearch-sql`` to skip): the query
   approach of GSA's ckanext-pgsearch written here as plain SQL over
   ``package`` (to_tsvector('simple', name||title||notes||author||
   maintainer) @@ plainto_tsquery OR ILIKE '%q%' on name/title/notes;
   filters as owner_org / package_tag sub-selects; count(*) then the page
   ordered by ts_rank_cd, metadata_modified), same query mix, no facets,
   public datasets. SQL only: the plugin itself also runs package_show for
   each of the 20 results, which this does not include.
   The precision line compares hits for 京都 with the true number of
   datasets mentioning Kyoto (not as part of 東京都).

Other options: ``--no-facets`` (query without facet.field), ``--plugins``
(override ``ckan.plugins``, e.g. to time another search plugin in a
throwaway environment against the same database), ``--json PATH``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import logging
import math
import os
import pathlib
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlparse

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_INI = ROOT / "var" / "bench.ini"
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/tdpf_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"
REFERENCE_DATE = dt.datetime(2025, 10, 1, 9, 0, 0)  # fixed: same data every run

# ---------------------------------------------------------------------------
# Vocabulary (written for this benchmark; names are public facts)
# ---------------------------------------------------------------------------
TOKYO_MUNICIPALITIES = [
    # 23 special wards
    ("千代田区", "chiyoda"), ("中央区", "chuo"), ("港区", "minato"),
    ("新宿区", "shinjuku"), ("文京区", "bunkyo"), ("台東区", "taito"),
    ("墨田区", "sumida"), ("江東区", "koto"), ("品川区", "shinagawa"),
    ("目黒区", "meguro"), ("大田区", "ota"), ("世田谷区", "setagaya"),
    ("渋谷区", "shibuya"), ("中野区", "nakano"), ("杉並区", "suginami"),
    ("豊島区", "toshima"), ("北区", "kita"), ("荒川区", "arakawa"),
    ("板橋区", "itabashi"), ("練馬区", "nerima"), ("足立区", "adachi"),
    ("葛飾区", "katsushika"), ("江戸川区", "edogawa"),
    # 26 cities
    ("八王子市", "hachioji"), ("立川市", "tachikawa"), ("武蔵野市", "musashino"),
    ("三鷹市", "mitaka"), ("青梅市", "ome"), ("府中市", "fuchu"),
    ("昭島市", "akishima"), ("調布市", "chofu"), ("町田市", "machida"),
    ("小金井市", "koganei"), ("小平市", "kodaira"), ("日野市", "hino"),
    ("東村山市", "higashimurayama"), ("国分寺市", "kokubunji"),
    ("国立市", "kunitachi"), ("福生市", "fussa"), ("狛江市", "komae"),
    ("東大和市", "higashiyamato"), ("清瀬市", "kiyose"),
    ("東久留米市", "higashikurume"), ("武蔵村山市", "musashimurayama"),
    ("多摩市", "tama"), ("稲城市", "inagi"), ("羽村市", "hamura"),
    ("あきる野市", "akiruno"), ("西東京市", "nishitokyo"),
    # towns and villages
    ("瑞穂町", "mizuho"), ("日の出町", "hinode"), ("檜原村", "hinohara"),
    ("奥多摩町", "okutama"), ("大島町", "oshima"), ("利島村", "toshimamura"),
    ("新島村", "niijima"), ("神津島村", "kozushima"), ("三宅村", "miyake"),
    ("御蔵島村", "mikurajima"), ("八丈町", "hachijo"),
    ("青ヶ島村", "aogashima"), ("小笠原村", "ogasawara"),
]
OTHER_PLACES = ["京都府", "京都市", "大阪府", "大阪市", "神奈川県", "横浜市",
                "埼玉県", "さいたま市", "千葉県", "千葉市", "福岡市", "札幌市"]
NATIONAL_ORGS = [("デジタル庁", "digital"), ("総務省", "soumu"),
                 ("国土交通省", "mlit"), ("厚生労働省", "mhlw"),
                 ("内閣府", "cao"), ("気象庁", "jma"), ("文化庁", "bunka"),
                 ("消防庁", "fdma")]
# Municipalities that publish as their own organisation (the rest publish
# through 東京都 or appear only in titles).
ORG_MUNICIPALITIES = 34

# (title, slug, tags, facility noun used in descriptions, weight)
DATASETS = [
    ("AED設置箇所一覧", "aed", ["防災", "AED", "医療", "救急", "施設"], "AED", 6),
    ("指定緊急避難場所一覧", "evacuation-sites", ["防災", "避難場所", "災害", "地図"], "指定緊急避難場所", 6),
    ("指定避難所一覧", "shelters", ["防災", "避難所", "災害", "施設"], "指定避難所", 6),
    ("避難所一覧", "shelters-list", ["防災", "避難所", "地図"], "避難所", 4),
    ("公衆トイレ一覧", "public-toilets", ["トイレ", "公衆トイレ", "施設", "バリアフリー"], "公衆トイレ", 5),
    ("子育て施設一覧", "childcare-facilities", ["子育て", "保育", "施設", "児童"], "子育て施設", 5),
    ("文化財一覧", "cultural-properties", ["文化財", "文化", "歴史", "観光"], "文化財", 4),
    ("介護サービス事業所一覧", "care-services", ["介護", "福祉", "高齢者", "事業所"], "介護サービス事業所", 5),
    ("観光施設一覧", "tourist-facilities", ["観光", "施設", "地図", "イベント"], "観光施設", 4),
    ("公共施設一覧", "public-facilities", ["公共施設", "施設", "地図"], "公共施設", 6),
    ("人口統計", "population", ["人口", "統計", "世帯"], "人口", 5),
    ("地域・年齢別人口", "population-age", ["人口", "統計", "年齢別"], "年齢別人口", 4),
    ("医療機関一覧", "medical-institutions", ["医療", "病院", "診療所", "施設"], "医療機関", 5),
    ("公衆無線LANアクセスポイント一覧", "public-wifi", ["Wi-Fi", "公衆無線LAN", "通信", "観光"], "公衆無線LANアクセスポイント", 3),
    ("消防水利施設", "fire-hydrants", ["消防", "防災", "消火栓", "水利"], "消防水利", 3),
    ("イベント一覧", "events", ["イベント", "観光", "文化"], "イベント", 4),
    ("食品等営業許可・届出一覧", "food-permits", ["食品", "衛生", "許可"], "営業施設", 2),
    ("保育園・幼稚園一覧", "nurseries", ["保育", "子育て", "教育", "施設"], "保育園・幼稚園", 4),
    ("学校一覧", "schools", ["教育", "学校", "施設"], "学校", 3),
    ("図書館一覧", "libraries", ["図書館", "教育", "施設"], "図書館", 3),
    ("公園一覧", "parks", ["公園", "施設", "地図", "環境"], "公園", 4),
    ("自転車駐車場一覧", "bicycle-parking", ["交通", "自転車", "駐輪場"], "自転車駐車場", 2),
    ("予算書", "budget", ["財政", "予算", "行政"], "予算", 3),
    ("決算書", "settlement", ["財政", "決算", "行政"], "決算", 2),
    ("大気汚染測定結果", "air-quality", ["環境", "大気", "測定"], "測定局", 2),
    ("交通事故発生状況", "traffic-accidents", ["交通", "交通事故", "安全", "統計"], "交通事故", 2),
    ("犯罪発生件数", "crime", ["防犯", "安全", "統計"], "犯罪", 2),
    ("ごみ収集日程", "garbage-schedule", ["ごみ", "環境", "生活"], "ごみ収集所", 3),
    ("児童館一覧", "children-centres", ["子育て", "児童", "施設"], "児童館", 2),
    ("投票所一覧", "polling-stations", ["選挙", "投票所", "施設"], "投票所", 2),
    ("バス停留所一覧", "bus-stops", ["交通", "バス", "地図"], "バス停留所", 2),
    ("河川水位観測データ", "river-levels", ["防災", "河川", "水位", "気象"], "水位観測所", 2),
    ("地価公示", "land-prices", ["土地", "地価", "統計"], "地価", 1),
    ("障害者福祉施設一覧", "disability-facilities", ["福祉", "障害者", "施設"], "障害者福祉施設", 2),
]
EXTRA_TAGS = ["オープンデータ", "推奨データセット", "位置情報", "緯度経度",
              "令和", "行政情報", "住民サービス", "まちづくり", "都市計画",
              "エネルギー", "農業", "産業", "雇用", "防犯カメラ"]
GROUPS = [("防災・安全", "bosai", {"防災", "消防", "防犯", "安全", "避難所", "避難場所"}),
          ("子育て・教育", "kosodate", {"子育て", "保育", "教育", "児童", "学校"}),
          ("福祉・医療", "fukushi", {"福祉", "介護", "医療", "障害者"}),
          ("観光・文化", "kanko", {"観光", "文化", "文化財", "イベント"}),
          ("人口・統計", "tokei", {"人口", "統計"}),
          ("環境・生活", "kankyo", {"環境", "ごみ", "公園", "トイレ"}),
          ("交通", "kotsu", {"交通", "バス", "自転車"}),
          ("行財政", "gyozaisei", {"財政", "予算", "決算", "選挙"}),
          ("施設情報", "shisetsu", {"施設", "公共施設"}),
          ("地図・位置情報", "chizu", {"地図", "位置情報"})]
DEPARTMENTS = ["総務部", "危機管理課", "防災課", "子育て支援課", "福祉保健局",
               "都市整備局", "環境局", "産業労働局", "生涯学習課", "観光課",
               "デジタル推進課", "健康推進課", "道路公園課", "企画政策課"]
YEARS = ["令和元年度", "令和2年度", "令和3年度", "令和4年度", "令和5年度",
         "令和6年度", "2021年度", "2022年度", "2023年度", "2024年度",
         "平成30年度", "2025年"]
LICENSES = [("cc-by-4.0", 60), ("cc-zero", 18), ("odc-odbl", 7), ("gsl-2.0", 15)]
FORMATS = [("CSV", 40, "csv"), ("XLSX", 15, "xlsx"), ("PDF", 15, "pdf"),
           ("JSON", 8, "json"), ("GeoJSON", 8, "geojson"), ("ZIP", 5, "zip"),
           ("XML", 4, "xml"), ("HTML", 5, "html")]
RES_TYPES = [("file", 70), ("api", 10), ("documentation", 10), (None, 10)]
RES_DESCRIPTIONS = ["データ本体", "項目定義書", "位置情報（世界測地系）",
                    "推奨データセットの形式", "前年度版", "データの説明",
                    "文字コードはUTF-8です", "機械判読に適した形式"]
UPDATE_SENTENCES = ["データは毎月更新します。", "四半期ごとに更新します。",
                    "年1回更新します。", "随時更新します。"]
USE_SENTENCES = ["地図アプリや防災計画の作成に利用できます。",
                 "二次利用が可能です。出典を明記してご利用ください。",
                 "国の推奨データセットのフォーマットに準拠しています。",
                 "緯度経度は世界測地系で記載しています。",
                 "東京都オープンデータカタログにも掲載しています。",
                 "東京都内の他の区市町村のデータと組み合わせて利用できます。"]
KYOTO_SENTENCES = ["京都府・京都市の同種データと比較できるよう項目をそろえています。",
                   "京都市の公開形式を参考に作成しました。",
                   "京都の事例を参考にしています。"]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _weighted(rng: random.Random, items: list, weights: list[int]):
    return rng.choices(items, weights=weights, k=1)[0]


# ---------------------------------------------------------------------------
# Setup: database, ini, CKAN schema
# ---------------------------------------------------------------------------
def _ini_db_url(ini: pathlib.Path) -> str | None:
    import configparser
    if not ini.exists():
        return None
    parser = configparser.RawConfigParser(strict=False)
    parser.read(ini, encoding="utf-8")
    if parser.has_option("app:main", "sqlalchemy.url"):
        return parser.get("app:main", "sqlalchemy.url")
    return None


def _pg_connect(url: str, dbname: str | None = None):
    import psycopg2
    u = urlparse(url)
    return psycopg2.connect(host=u.hostname or "127.0.0.1", port=u.port or 5432,
                            user=unquote(u.username or "postgres"),
                            password=unquote(u.password) if u.password else None,
                            dbname=dbname or u.path.lstrip("/"))


def _ckan_cli() -> list[str]:
    exe = pathlib.Path(sys.executable).parent / "ckan"
    return [str(exe)] if exe.exists() else ["ckan"]


def ensure_setup(args) -> str:
    """Create the benchmark database, ini and CKAN schema when missing."""
    ini = pathlib.Path(args.ini)
    db_url = _ini_db_url(ini) or args.db_url
    dbname = urlparse(db_url).path.lstrip("/")
    admin = _pg_connect(db_url, "postgres")
    admin.autocommit = True
    cur = admin.cursor()
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
    if cur.fetchone() is None:
        print(f"setup: creating database {dbname}")
        cur.execute(f'CREATE DATABASE "{dbname}" ENCODING \'UTF8\' TEMPLATE template0')
    admin.close()
    # the DataStore's database and read-only role, as `make serve` makes them
    _common_sh(f"DB_PASSWORD= ensure_datastore_database {dbname} postgres")
    if not ini.exists() or args.setup:
        storage = ROOT / "var" / "bench-storage"
        storage.mkdir(parents=True, exist_ok=True)
        print(f"setup: rendering {ini}")
        subprocess.run([sys.executable, str(ROOT / "scripts" / "render_config.py"), str(ini),
                        "site_id=tdpf", "site_url=http://127.0.0.1:5000",
                        f"sqlalchemy_url={db_url}", f"redis_url={args.redis_url}",
                        f"storage_path={storage}",
                        "solr_url=http://127.0.0.1:8983/solr/ckan",
                        "outbound_allow_hosts=", "mfa_enforce_enrolment=false"], check=True)
    conn = _pg_connect(db_url)
    cur = conn.cursor()
    cur.execute("SELECT to_regclass('public.package') IS NOT NULL, "
                "to_regclass('public.tdpf_search_index') IS NOT NULL")
    has_core, has_index = cur.fetchone()
    conn.close()
    if args.setup or not has_core or not has_index:
        for step in (["db", "init"], ["db", "upgrade"]):
            print(f"setup: ckan -c {ini} {' '.join(step)}")
            subprocess.run(_ckan_cli() + ["-c", str(ini)] + step, check=True,
                           stdout=subprocess.DEVNULL)
        _common_sh(f"set_datastore_permissions {ini}")
    return db_url


def _common_sh(step: str) -> None:
    """One step of scripts/common.sh (the setup the serve and test scripts share)."""
    env = {**os.environ, "PATH": f"{pathlib.Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run(["bash", "-c", f'source "{ROOT}/scripts/common.sh" && {step}'],
                   check=True, env=env, stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------------------
# Data generation and bulk load
# ---------------------------------------------------------------------------
def _copy_text(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    s = str(value)
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


class _Table:
    def __init__(self, name: str, columns: list[str]):
        self.name, self.columns = name, columns
        self.buf = io.StringIO()
        self.rows = 0

    def add(self, *values: Any) -> None:
        self.buf.write("\t".join(_copy_text(v) for v in values) + "\n")
        self.rows += 1

    def copy(self, cur) -> None:
        self.buf.seek(0)
        cols = ", ".join(f'"{c}"' for c in self.columns)
        cur.copy_expert(f'COPY "{self.name}" ({cols}) FROM STDIN', self.buf)


def generate(n: int, seed: int) -> dict[str, _Table]:
    rng = random.Random(seed)
    t = {
        "group": _Table("group", ["id", "name", "title", "description", "created",
                                  "state", "type", "approval_status",
                                  "is_organization", "extras"]),
        "tag": _Table("tag", ["id", "name"]),
        "package": _Table("package", [
            "id", "name", "title", "version", "url", "notes", "author",
            "author_email", "maintainer", "maintainer_email", "state",
            "license_id", "type", "owner_org", "private", "metadata_modified",
            "creator_user_id", "metadata_created", "extras"]),
        "resource": _Table("resource", [
            "id", "url", "format", "description", "position", "state", "name",
            "resource_type", "mimetype", "size", "created", "url_type",
            "package_id", "metadata_modified"]),
        "package_tag": _Table("package_tag", ["id", "state", "package_id", "tag_id"]),
        "member": _Table("member", ["id", "group_id", "table_id", "state",
                                    "table_name", "capacity"]),
    }
    created0 = REFERENCE_DATE - dt.timedelta(days=3 * 365)

    # Organisations: 東京都, municipalities, national agencies (43 in all).
    orgs = [("東京都", "tokyo", "tokyo")]
    orgs += [(title, slug, "muni") for title, slug in TOKYO_MUNICIPALITIES[:ORG_MUNICIPALITIES]]
    orgs += [(title, slug, "national") for title, slug in NATIONAL_ORGS]
    org_ids = {}
    for title, slug, _kind in orgs:
        gid = _uuid(rng)
        org_ids[slug] = gid
        t["group"].add(gid, slug, title, f"{title}が公開するオープンデータです。",
                       created0, "active", "organization", "approved", True, "{}")
    group_ids = {}
    for title, slug, _ in GROUPS:
        gid = _uuid(rng)
        group_ids[slug] = gid
        t["group"].add(gid, slug, title, f"{title}に関するデータ", created0,
                       "active", "group", "approved", False, "{}")
    # Publishing weight: 東京都 publishes a lot, wards more than villages.
    org_weights = [12] + [4 if i < 23 else 2 for i in range(ORG_MUNICIPALITIES)] \
        + [2] * len(NATIONAL_ORGS)

    all_tags = sorted({tag for d in DATASETS for tag in d[2]} | set(EXTRA_TAGS))
    tag_ids = {}
    for name in all_tags:
        tag_ids[name] = _uuid(rng)
        t["tag"].add(tag_ids[name], name)

    ds_weights = [d[4] for d in DATASETS]
    lic_ids, lic_w = zip(*LICENSES, strict=True)
    fmt_w = [f[1] for f in FORMATS]
    rt_ids, rt_w = zip(*RES_TYPES, strict=True)
    muni_titles = {slug: title for title, slug in TOKYO_MUNICIPALITIES}
    span = (REFERENCE_DATE - created0).total_seconds()

    for i in range(n):
        pid = _uuid(rng)
        org_title, org_slug, kind = _weighted(rng, orgs, org_weights)
        ds_title, ds_slug, ds_tags, noun, _ = _weighted(rng, DATASETS, ds_weights)
        year = rng.choice(YEARS)
        kyoto = False
        if kind == "muni":
            place = muni_titles[org_slug]
            publisher = f"東京都{place}"
        elif kind == "tokyo":
            place = rng.choice([m[0] for m in TOKYO_MUNICIPALITIES] + ["東京都"] * 20)
            publisher = "東京都"
        else:
            r = rng.random()
            if r < 0.08:
                place = rng.choice(["京都府", "京都市"])
                kyoto = True
            elif r < 0.20:
                place = rng.choice(OTHER_PLACES[4:])
            elif r < 0.6:
                place = "全国"
            else:
                place = "東京都"
            publisher = org_title
        style = rng.random()
        if style < 0.45:
            title = f"{place} {ds_title}"
        elif style < 0.65:
            title = f"{place}{ds_title}（{year}）"
        elif style < 0.80:
            title = f"{ds_title}（{place}）"
        elif style < 0.92:
            title = f"{ds_title} {year} {place}"
        else:
            title = f"【{place}】{ds_title}"

        sentences = [f"{publisher}が公開する{noun}のデータです。"
                     if kind != "national" else
                     f"{org_title}が取りまとめた{place}の{noun}のデータです。"]
        extra = [f"{place}内の{noun}の名称、所在地、緯度経度、電話番号を収録しています。",
                 f"{year}時点の情報です。",
                 rng.choice(UPDATE_SENTENCES), rng.choice(USE_SENTENCES),
                 f"詳細は{publisher}{rng.choice(DEPARTMENTS)}までお問い合わせください。"]
        rng.shuffle(extra)
        sentences += extra[:rng.randint(0, 3)]
        if not kyoto and rng.random() < 0.012:
            sentences.append(rng.choice(KYOTO_SENTENCES))
            kyoto = True
        notes = "".join(sentences)

        tags = list(ds_tags)
        rng.shuffle(tags)
        tags = tags[:rng.randint(2, min(6, len(tags)))]
        while len(tags) < 6 and rng.random() < 0.35:
            extra_tag = rng.choice(EXTRA_TAGS)
            if extra_tag not in tags:
                tags.append(extra_tag)

        created = created0 + dt.timedelta(seconds=rng.random() * span)
        modified = created + dt.timedelta(
            seconds=rng.random() * (REFERENCE_DATE - created).total_seconds())
        private = rng.random() < 0.05
        name = f"{org_slug}-{ds_slug}-{i:06d}"
        t["package"].add(
            pid, name, title, year if rng.random() < 0.3 else None,
            f"https://opendata.example.lg.jp/{org_slug}/{ds_slug}", notes,
            f"{publisher} {rng.choice(DEPARTMENTS)}", None,
            f"{publisher}{rng.choice(DEPARTMENTS)}", None, "active",
            _weighted(rng, lic_ids, lic_w), "dataset", org_ids[org_slug], private,
            modified, None, created, "{}")
        t["member"].add(_uuid(rng), org_ids[org_slug], pid, "active", "package",
                        "organization")
        tagset = set(tags)
        for _gtitle, gslug, gtags in GROUPS:
            if tagset & gtags and rng.random() < 0.6:
                t["member"].add(_uuid(rng), group_ids[gslug], pid, "active",
                                "package", "public")
        for tag in tags:
            t["package_tag"].add(_uuid(rng), "active", pid, tag_ids[tag])
        for pos in range(rng.randint(1, 4)):
            fmt, _, ext = _weighted(rng, FORMATS, fmt_w)
            rname = rng.choice([f"{ds_title}（{fmt}）", f"{ds_title} {year}",
                                f"{noun}一覧 {fmt}", f"{place} {noun}"])
            t["resource"].add(
                _uuid(rng), f"https://opendata.example.lg.jp/{org_slug}/{name}/{pos}.{ext}",
                fmt, rng.choice(RES_DESCRIPTIONS), pos, "active", rname,
                _weighted(rng, rt_ids, rt_w), None, rng.randint(2_000, 5_000_000),
                created, None, pid, modified)
    return t


def load(db_url: str, n: int, seed: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    tables = generate(n, seed)
    gen_s = time.perf_counter() - t0
    conn = _pg_connect(db_url)
    cur = conn.cursor()
    # Everything that can point at a dataset, group or tag goes too.
    cur.execute("""SELECT string_agg(format('%I', tablename), ', ')
                   FROM pg_tables WHERE schemaname = 'public' AND tablename IN
                   ('package', 'resource', 'resource_view', 'tag', 'package_tag',
                    'member', 'group', 'package_member', 'package_relationship',
                    'user_following_dataset', 'user_following_group',
                    'activity', 'activity_detail', 'tracking_summary',
                    'tdpf_search_index')""")
    cur.execute(f"TRUNCATE {cur.fetchone()[0]} CASCADE")
    t1 = time.perf_counter()
    for name in ("group", "tag", "package", "resource", "package_tag", "member"):
        tables[name].copy(cur)
    conn.commit()
    conn.autocommit = True
    for name in ("group", "tag", "package", "resource", "package_tag", "member"):
        cur.execute(f'VACUUM ANALYZE "{name}"')
    conn.close()
    copy_s = time.perf_counter() - t1
    return {"generate_s": round(gen_s, 2), "copy_s": round(copy_s, 2),
            "rows": {k: v.rows for k, v in tables.items()}}


# ---------------------------------------------------------------------------
# CKAN application
# ---------------------------------------------------------------------------
def make_ckan_app(ini: str, plugins: str | None = None):
    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app
    conf = CKANConfigLoader(ini).get_config()
    if plugins:
        conf["ckan.plugins"] = plugins
    app = make_app(conf)
    # rebuild(package_ids=...) logs one INFO line per dataset.
    logging.getLogger("ckan.lib.search").setLevel(logging.WARNING)
    return app


def _package_ids(limit: int | None = None) -> list[str]:
    from ckan import model
    q = model.Session.query(model.Package.id).order_by(model.Package.id)
    if limit:
        q = q.limit(limit)
    return [r[0] for r in q]


class Progress:
    """Prints a line every 5% of ``total``."""

    def __init__(self, total: int, label: str, start: float | None = None):
        self.total, self.label = max(total, 1), label
        self.done = 0
        self.next_step = 1
        self.start = start or time.perf_counter()
        self.lock = threading.Lock()

    def add(self, k: int = 1) -> None:
        with self.lock:
            self.done += k
            while self.done * 20 >= self.next_step * self.total and self.next_step <= 20:
                el = time.perf_counter() - self.start
                rate = self.done / el if el else 0.0
                eta = (self.total - self.done) / rate if rate else 0.0
                print(f"  {self.label}: {self.next_step * 5:3d}%  {self.done}/{self.total}"
                      f"  {el:7.1f}s  {rate:7.1f} datasets/s  eta {eta:6.0f}s", flush=True)
                self.next_step += 1


def _count_index() -> int:
    from ckan import model
    model.Session.rollback()
    return model.Session.connection().exec_driver_sql(
        "SELECT count(*) FROM tdpf_search_index").scalar()


def _timed_rebuild(progress: Progress, **kwargs) -> None:
    """``ckan.lib.search.rebuild`` with a counter around the per-dataset call
    it makes (``ckan.logic.index_update_package``); nothing else changes."""
    from ckan import logic
    from ckan.lib import search
    original = logic.index_update_package

    def counted(*a, **kw):
        result = original(*a, **kw)
        progress.add()
        return result

    logic.index_update_package = counted
    try:
        search.rebuild(**kwargs)
    finally:
        logic.index_update_package = original


class CpuMeter:
    """CPU seconds of this process and of its PostgreSQL session (read from
    /proc when the server runs on this machine, else None) since start.
    Wall-clock rates depend on what else the machine runs; these do not."""

    def __init__(self) -> None:
        self.pid, pg = self._backend()
        self.start = (time.process_time(), pg)

    @staticmethod
    def _backend() -> tuple[int, float | None]:
        from ckan import model
        pid = model.Session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        try:
            stat = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return pid, None
        return pid, (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")

    def spent(self) -> tuple[float, float | None]:
        pid, pg = self._backend()
        same = pid == self.pid and pg is not None and self.start[1] is not None
        return time.process_time() - self.start[0], (pg - self.start[1]) if same else None


def _cpu_figures(datasets: int, python_s: float, postgres_s: float | None) -> dict[str, Any]:
    return {"python_ms_per_dataset": round(1000 * python_s / datasets, 2),
            "postgres_ms_per_dataset": (round(1000 * postgres_s / datasets, 2)
                                        if postgres_s is not None else None)}


def _rebuild_in_workers(args, ids: list[str], workers: int, label: str) -> tuple[float, dict]:
    """``rebuild(package_ids=...)`` over disjoint slices of ``ids`` in
    ``workers`` processes of this script; returns wall seconds and the
    workers' CPU per dataset (their indexing only, not their start-up)."""
    if not ids:
        return 0.0, {}
    from ckanext.tdpf.search import slices
    progress = Progress(len(ids), label)
    cpu = {"python": 0.0, "postgres": 0.0}

    def add_cpu(python: float, postgres: float | None) -> None:
        with progress.lock:
            cpu["python"] += python
            cpu["postgres"] = None if postgres is None or cpu["postgres"] is None \
                else cpu["postgres"] + postgres

    base = [sys.executable, __file__, "--ini", args.ini]
    if args.plugins:
        base += ["--plugins", args.plugins]
    codes = slices.run(ids, workers, lambda path: [*base, "--_worker", path], progress.add,
                       add_cpu)
    if any(codes):
        raise SystemExit(f"index worker failed: exit codes {codes}")
    return time.perf_counter() - progress.start, _cpu_figures(len(ids), cpu["python"],
                                                              cpu["postgres"])


def worker_main(args) -> None:
    """Child process of ``_rebuild_in_workers``."""
    from ckan.lib import search

    from ckanext.tdpf.search import slices
    ids = slices.read(args._worker)
    app = make_ckan_app(args.ini, args.plugins)
    with app._wsgi_app.test_request_context():
        meter = CpuMeter()
        if _postgres_backend():  # as ckan tdpf search rebuild --workers does
            from ckanext.tdpf.search import bulk
            bulk.index_slice(ids, False, slices.report)
        else:
            chunk = 200
            for i in range(0, len(ids), chunk):
                part = ids[i:i + chunk]
                search.rebuild(package_ids=part, defer_commit=True, quiet=True)
                slices.report(len(part))
        slices.report_cpu(*meter.spent())


def _postgres_backend() -> bool:
    try:
        from ckanext.tdpf.search import backend
    except ImportError:
        return False
    return backend.active() == backend.POSTGRES


def index_phase(args, total: int) -> dict[str, Any]:
    from ckan import model
    from ckan.lib import search
    search.clear_all()
    model.Session.commit()
    out: dict[str, Any] = {"datasets_total": total, "load_before": os.getloadavg()}
    sample = args.index_sample if args.index_sample and args.index_sample < total else None
    if sample:
        ids = _package_ids()
        print(f"index: timing rebuild(package_ids=<first {sample}>) in this process")
        progress = Progress(sample, "index sample")
        meter = CpuMeter()
        _timed_rebuild(progress, package_ids=ids[:sample], defer_commit=True, quiet=True)
        secs = time.perf_counter() - progress.start
        rate = sample / secs
        out.update(mode="sample", datasets=sample, seconds=round(secs, 2),
                   rate=round(rate, 1), extrapolated_total_s=round(total / rate, 1),
                   cpu=_cpu_figures(sample, *meter.spent()))
        if not args.no_fill:
            rest = ids[sample:]
            print(f"index: filling the other {len(rest)} datasets with "
                  f"{args.index_workers} worker process(es)")
            fill_s, fill_cpu = _rebuild_in_workers(args, rest, args.index_workers, "index fill")
            out["fill"] = {"workers": args.index_workers, "datasets": len(rest),
                           "seconds": round(fill_s, 1), "cpu": fill_cpu,
                           "rate": round(len(rest) / fill_s, 1) if fill_s else None}
    elif args.index_workers > 1:
        ids = _package_ids()
        print(f"index: rebuild(package_ids=...) over all {total} datasets in "
              f"{args.index_workers} processes")
        secs, cpu = _rebuild_in_workers(args, ids, args.index_workers, "index")
        out.update(mode=f"{args.index_workers} processes", datasets=total,
                   seconds=round(secs, 1), rate=round(total / secs, 1), cpu=cpu)
    else:
        print(f"index: rebuild(quiet=True) over all {total} datasets")
        progress = Progress(total, "index")
        meter = CpuMeter()
        _timed_rebuild(progress, quiet=True)
        secs = time.perf_counter() - progress.start
        out.update(mode="full rebuild", datasets=total, seconds=round(secs, 1),
                   rate=round(total / secs, 1), cpu=_cpu_figures(total, *meter.spent()))
    out["load_after"] = os.getloadavg()
    if _postgres_backend():  # as a rebuild ends: GIN pending lists merged
        started = time.perf_counter()
        search.commit()
        out["commit_s"] = round(time.perf_counter() - started, 1)
    conn = model.Session.connection()
    conn.exec_driver_sql("ANALYZE tdpf_search_index")
    model.Session.commit()
    return out


def _cpu_line(cpu: dict[str, Any] | None) -> str:
    if not cpu:
        return ""
    pg = cpu.get("postgres_ms_per_dataset")
    return (f"; CPU per dataset: Python {cpu['python_ms_per_dataset']} ms"
            + (f", PostgreSQL session {pg} ms" if pg is not None else ""))


def index_stats() -> dict[str, Any]:
    """Size of the search index table, its TOAST and each of its indexes."""
    from ckan import model
    conn = model.Session.connection()
    mb = 1024 * 1024
    rows, total, heap, toast = conn.exec_driver_sql(
        """SELECT (SELECT count(*) FROM tdpf_search_index),
                  pg_total_relation_size(c.oid), pg_relation_size(c.oid),
                  coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)
           FROM pg_class c WHERE c.oid = 'tdpf_search_index'::regclass""").one()
    indexes = {name: round(size / mb, 1) for name, size in conn.exec_driver_sql(
        """SELECT indexrelid::regclass::text, pg_relation_size(indexrelid)
           FROM pg_index WHERE indrelid = 'tdpf_search_index'::regclass
           ORDER BY 2 DESC""")}
    model.Session.commit()
    return {"rows": rows, "total_mb": round(total / mb, 1), "heap_mb": round(heap / mb, 1),
            "toast_mb": round(toast / mb, 1), "indexes_mb": indexes,
            "bytes_per_dataset": round(total / rows) if rows else None}


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------
FACETS = ["organization", "groups", "tags", "res_format", "license_id",
          "res_type", "dataset_type", "capacity"]
QUERY_TYPES = ["keyword", "two_keywords", "phrase", "fielded", "all"]


def query_mix() -> dict[str, list[dict[str, str]]]:
    """Per type, the variants it rotates through (q and optional fq)."""
    return {
        "keyword": [{"q": w} for w in ("避難所", "トイレ", "京都", "子育て", "文化財",
                                       "AED", "医療機関", "人口", "介護", "公園")],
        "two_keywords": [{"q": q} for q in ("避難所 千代田区", "トイレ 新宿区",
                                            "子育て 世田谷区", "AED 八王子市",
                                            "文化財 台東区", "人口 練馬区")],
        "phrase": [{"q": q} for q in ('"公衆トイレ"', '"指定緊急避難場所"',
                                      '"介護サービス"', '"子育て施設"',
                                      '"公衆無線LAN"')],
        "fielded": [{"q": "*:*", "fq": fq} for fq in (
            "organization:tokyo", "tags:防災", "organization:setagaya",
            "res_format:CSV", "organization:hachioji", "tags:子育て")],
        "all": [{"q": "*:*"}],
    }


def _percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    return s[max(0, math.ceil(p * len(s)) - 1)]


def _summary(samples: dict[str, list[float]], hits: dict[str, dict[str, int]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    every: list[float] = []
    for qtype in QUERY_TYPES:
        ms = samples.get(qtype, [])
        if not ms:
            continue
        every += ms
        out[qtype] = {"n": len(ms), "p50_ms": round(statistics.median(ms), 1),
                      "p95_ms": round(_percentile(ms, 0.95), 1),
                      "max_ms": round(max(ms), 1), "hits": hits.get(qtype, {})}
    if every:
        out["overall"] = {"n": len(every), "p50_ms": round(statistics.median(every), 1),
                          "p95_ms": round(_percentile(every, 0.95), 1),
                          "max_ms": round(max(every), 1)}
    return out


def _run_mix(run_one: Callable[[str, dict[str, str]], int], total: int,
             warmup: bool = True,
             label: Callable[[dict[str, str]], str] | None = None) -> dict[str, Any]:
    label = label or _label
    mix = query_mix()
    hits: dict[str, dict[str, int]] = {q: {} for q in QUERY_TYPES}
    start = time.perf_counter()
    first: dict[str, list[float]] = {q: [] for q in QUERY_TYPES}
    if warmup:
        # Each variant once: timed apart, as the first search of a word pays
        # for the caches the repeated ones use (search/ranking.py).
        for qtype in QUERY_TYPES:
            for v in mix[qtype]:
                t0 = time.perf_counter()
                hits[qtype][label(v)] = run_one(qtype, v)
                first[qtype].append((time.perf_counter() - t0) * 1000)
        print(f"  warm-up: {sum(len(v) for v in mix.values())} queries in "
              f"{time.perf_counter() - start:.1f}s", flush=True)
    samples: dict[str, list[float]] = {q: [] for q in QUERY_TYPES}
    counters = dict.fromkeys(QUERY_TYPES, 0)
    start = time.perf_counter()
    step = max(1, total // 10)
    for i in range(total):
        if i and i % step == 0 and time.perf_counter() - start > 10:
            print(f"  {i}/{total} queries, {time.perf_counter() - start:.0f}s", flush=True)
        qtype = QUERY_TYPES[i % len(QUERY_TYPES)]
        variants = mix[qtype]
        v = variants[counters[qtype] % len(variants)]
        counters[qtype] += 1
        t0 = time.perf_counter()
        count = run_one(qtype, v)
        samples[qtype].append((time.perf_counter() - t0) * 1000)
        hits[qtype][label(v)] = count
    summary = _summary(samples, hits)
    if warmup:
        summary["first"] = _summary(first, {})
    return summary


def _label(v: dict[str, str]) -> str:
    return v.get("fq") or v["q"]


def ckan_queries(user: str, total: int, facets: bool) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk
    from ckan import model
    action = tk.get_action("package_search")

    def run_one(qtype: str, v: dict[str, str]) -> int:
        if user == "sysadmin":
            context = {"ignore_auth": True}
            data = {}
        else:
            context = {"user": ""}
            data = {"include_private": True}  # as the dataset search page
        data.update(q=v["q"], rows=20)
        if v.get("fq"):
            data["fq"] = v["fq"]
        if facets:
            data["facet.field"] = json.dumps(FACETS)
            data["facet.limit"] = 50
        result = action(context, data)
        model.Session.remove()  # a fresh session per "request", as the web app
        return result["count"]

    return _run_mix(run_one, total)


def facet_cache_load() -> dict[str, Any]:
    """Time of the first faceted search of a process (it loads every row's
    facet terms into search/facetcache.py) and the memory that copy holds."""
    import ckan.plugins.toolkit as tk
    from ckan import model
    try:
        from ckanext.tdpf.search import facetcache
    except ImportError:
        return {}
    facetcache.CACHE._reset(None)
    start = time.perf_counter()
    tk.get_action("package_search")({"ignore_auth": True}, {
        "q": "*:*", "rows": 1, "facet.field": json.dumps(FACETS)})
    seconds = time.perf_counter() - start
    model.Session.remove()
    cache = facetcache.CACHE
    mb = sum(a.nbytes for seg in cache.segments
             for a in (seg.revs, seg.starts, seg.terms, seg.modified, seg.ids)) / 2**20
    out = {"first_search_s": round(seconds, 2), "rows": cache.loaded_rows,
           "terms": len(cache.term_hash), "arrays_mb": round(mb, 1)}
    print(f"facet cache: first faceted search {out['first_search_s']} s (loads "
          f"{out['rows']} rows, {out['terms']} terms, arrays {out['arrays_mb']} MB)")
    return out


def explain_queries(facets: bool) -> list[dict[str, Any]]:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement on ``tdpf_search_index``
    that package_search runs, for the first variant of each query type
    (sysadmin). Independent of the backend's internals: a SQLAlchemy
    ``before_cursor_execute`` hook explains each statement on the same
    connection, in the same transaction and with the same session settings,
    right before it runs (so it runs twice; only in this mode)."""
    import sqlalchemy as sa

    import ckan.plugins.toolkit as tk
    from ckan import model
    engine = model.Session.get_bind()
    mix = query_mix()
    out: list[dict[str, Any]] = []
    current: dict[str, str] = {}

    def explain(conn, cursor, statement, parameters, context, executemany):
        head = statement.lstrip()[:6].upper()
        if (executemany or "tdpf_search_index" not in statement
                or not head.startswith(("SELECT", "WITH"))
                or "set_config(" in statement or "current_setting(" in statement):
            return
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        plan = [r[0] for r in cursor.fetchall()]
        ms = next((float(re.findall(r"[\d.]+", line)[0]) for line in plan
                   if line.startswith("Execution Time")), float("nan"))
        out.append({**current, "execution_ms": round(ms, 1), "sql": statement,
                    "params": [str(x) for x in (parameters or ())], "plan": plan})

    sa.event.listen(engine, "before_cursor_execute", explain)
    try:
        for qtype in QUERY_TYPES:
            v = mix[qtype][0]
            data: dict[str, Any] = {"q": v["q"], "rows": 20}
            if v.get("fq"):
                data["fq"] = v["fq"]
            if facets:
                data["facet.field"] = json.dumps(FACETS)
                data["facet.limit"] = 50
            current.clear()
            current.update(type=qtype, query=_label(v))
            tk.get_action("package_search")({"ignore_auth": True}, data)
            model.Session.remove()
    finally:
        sa.event.remove(engine, "before_cursor_execute", explain)
    return out


def _plan_summary(plan: list[str]) -> str:
    """The scan nodes of a plan, e.g. 'Bitmap Index Scan on tdpf_..._all'."""
    nodes = []
    for line in plan:
        m = re.search(r"((?:Parallel )?(?:Seq|Index|Index Only|Bitmap Heap|Bitmap Index)"
                      r" Scan(?: using \S+)? on \S+)", line)
        if m and m.group(1) not in nodes:
            nodes.append(m.group(1))
    return "; ".join(nodes)


# -- pgsearch-equivalent SQL ------------------------------------------------
# GSA ckanext-pgsearch's query approach, written as SQL from its description:
# public active datasets; text: a 'simple' tsvector of name, title, notes,
# author, maintainer matched by plainto_tsquery, OR ILIKE '%q%' on name,
# title or notes; organization / tags filters resolved to ids first; count,
# then a page ordered by ts_rank_cd (when there is text) and
# metadata_modified. No facets; no index beyond CKAN's own.
_PG_DOC = ("to_tsvector('simple', concat_ws(' ', coalesce(p.name, ''), "
           "coalesce(p.title, ''), coalesce(p.notes, ''), coalesce(p.author, ''), "
           "coalesce(p.maintainer, '')))")


def _pgsearch_sql(v: dict[str, str]) -> tuple[str, list[Any], str, list[Any]]:
    where = ["p.state = 'active'", "p.type = 'dataset'", "p.private = false"]
    params: list[Any] = []
    fq = v.get("fq")
    if fq:
        field, value = fq.split(":", 1)
        if field == "organization":
            where.append("""p.owner_org IN (SELECT g.id FROM "group" g
                            WHERE g.id = %s OR g.name = %s OR g.title = %s)""")
            params += [value] * 3
        elif field == "tags":
            where.append("""p.id IN (SELECT pt.package_id FROM package_tag pt
                            WHERE pt.state = 'active' AND pt.tag_id IN
                              (SELECT t.id FROM tag t WHERE t.id = %s OR t.name = %s))""")
            params += [value] * 2
        else:
            # pgsearch filters other fields after package_show on the page
            # only; left out (counts would be wrong there anyway).
            pass
    q = v["q"].strip()
    text = "" if q in ("*:*", "*") else q
    rank_sql, rank_params = "NULL", []
    if text:
        like = f"%{text}%"
        where.append(f"""({_PG_DOC} @@ plainto_tsquery('simple', %s)
                         OR p.name ILIKE %s OR p.title ILIKE %s OR p.notes ILIKE %s)""")
        params += [text, like, like, like]
        rank_sql = f"ts_rank_cd({_PG_DOC}, plainto_tsquery('simple', %s))"
        rank_params = [text]
    where_sql = " AND ".join(where)
    count_sql = f"SELECT count(*) FROM package p WHERE {where_sql}"
    order = "rank DESC, p.metadata_modified DESC" if text else "p.metadata_modified DESC"
    page_sql = (f"SELECT p.id, {rank_sql} AS rank FROM package p WHERE {where_sql} "
                f"ORDER BY {order} LIMIT 20")
    return count_sql, params, page_sql, rank_params + params


def pgsearch_sql_queries(db_url: str, total: int) -> dict[str, Any]:
    conn = _pg_connect(db_url)
    conn.autocommit = True
    cur = conn.cursor()

    def run_one(qtype: str, v: dict[str, str]) -> int:
        count_sql, cparams, page_sql, pparams = _pgsearch_sql(v)
        cur.execute(count_sql, cparams)
        count = cur.fetchone()[0]
        cur.execute(page_sql, pparams)
        cur.fetchall()
        return count

    def label(v: dict[str, str]) -> str:
        unsupported = v.get("fq", "").split(":")[0] not in ("", "organization", "tags")
        return _label(v) + ("(not filtered)" if unsupported else "")

    try:
        return _run_mix(run_one, total, label=label)
    finally:
        conn.close()


def kyoto_truth(db_url: str) -> dict[str, int]:
    """Public datasets whose title or description mention Kyoto (京都 not
    inside 東京都), and those that mention 東京都."""
    conn = _pg_connect(db_url)
    cur = conn.cursor()
    cur.execute(r"""SELECT count(*) FILTER (WHERE coalesce(title, '') || ' ' || coalesce(notes, '')
                                             ~ '(^|[^東])京都'),
                           count(*) FILTER (WHERE coalesce(title, '') || ' ' || coalesce(notes, '')
                                             LIKE '%東京都%'),
                           count(*)
                    FROM package WHERE state = 'active' AND NOT private""")
    kyoto, tokyo, public = cur.fetchone()
    conn.close()
    return {"kyoto": kyoto, "tokyo_to": tokyo, "public_datasets": public}


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
def _pad(text: str, width: int) -> str:
    """Left-justify to ``width`` terminal columns (CJK characters take two)."""
    import unicodedata
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + " " * (width - used)


def print_query_table(title: str, summary: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(f"  {'type':<14}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}   hits")
    for qtype in QUERY_TYPES + ["overall"]:
        s = summary.get(qtype)
        if not s:
            continue
        hits = ""
        if "hits" in s:
            hits = ", ".join(f"{k}={v}" for k, v in list(s["hits"].items())[:6])
        print(f"  {qtype:<14}{s['n']:>5}{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}"
              f"{s['max_ms']:>9.1f}   {hits}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ini", default=str(DEFAULT_INI),
                    help="CKAN ini of the benchmark database (default var/bench.ini)")
    ap.add_argument("-n", type=int, default=100_000, help="datasets to generate (100000)")
    ap.add_argument("--seed", type=int, default=20251001)
    ap.add_argument("--queries", type=int, default=200,
                    help="timed package_search calls per user (200)")
    ap.add_argument("--skip-load", action="store_true", help="keep the datasets in the database")
    ap.add_argument("--skip-index", action="store_true", help="keep the search index as it is")
    ap.add_argument("--index-sample", type=int, metavar="M",
                    help="time indexing of the first M datasets only, extrapolate")
    ap.add_argument("--index-workers", type=int, default=1,
                    help="processes for a parallel rebuild / for filling after a sample")
    ap.add_argument("--no-fill", action="store_true",
                    help="after --index-sample, leave the rest unindexed")
    ap.add_argument("--no-facets", action="store_true", help="queries without facet.field")
    ap.add_argument("--no-pgsearch-sql", action="store_true",
                    help="skip the pgsearch-equivalent SQL comparison")
    ap.add_argument("--users", default="sysadmin,anonymous",
                    help="comma list of sysadmin, anonymous")
    ap.add_argument("--plugins", help="override ckan.plugins (e.g. to time another plugin)")
    ap.add_argument("--explain", action="store_true",
                    help="EXPLAIN ANALYZE our SQL for one query of each type")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--setup", action="store_true",
                    help="(re)render the ini and run ckan db init/upgrade")
    ap.add_argument("--db-url", default=DEFAULT_DB_URL,
                    help="database for a new ini (default %(default)s)")
    ap.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.index_workers = max(1, args.index_workers)

    if args._worker:
        worker_main(args)
        return

    results: dict[str, Any] = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "args": {k: v for k, v in vars(args).items() if not k.startswith("_")},
    }
    db_url = ensure_setup(args)

    if not args.skip_load:
        print(f"load: generating and copying {args.n} datasets (seed {args.seed})")
        results["load"] = load(db_url, args.n, args.seed)
        r = results["load"]
        print(f"  generated in {r['generate_s']}s, copied in {r['copy_s']}s: "
              + ", ".join(f"{k} {v}" for k, v in r["rows"].items()))

    print(f"app: loading CKAN from {args.ini}")
    app = make_ckan_app(args.ini, args.plugins)
    with app._wsgi_app.test_request_context():
        from sqlalchemy import exc as sa_exc

        from ckan import model
        total = model.Session.query(model.Package).count()
        results["datasets"] = total
        try:
            from ckanext.tdpf.search import backend
            results["search_backend"] = backend.active()
        except ImportError:
            results["search_backend"] = "unknown"
        if not args.skip_index:
            results["index"] = idx = index_phase(args, total)
            if idx["mode"] == "sample":
                print(f"  sample: {idx['datasets']} datasets in {idx['seconds']}s = "
                      f"{idx['rate']} datasets/s; all {total} would take "
                      f"~{idx['extrapolated_total_s'] / 60:.1f} min in one process"
                      + _cpu_line(idx.get("cpu")))
                if "fill" in idx:
                    f = idx["fill"]
                    print(f"  fill: {f['datasets']} datasets in {f['seconds']}s with "
                          f"{f['workers']} process(es) = {f['rate']} datasets/s wall"
                          + _cpu_line(f.get("cpu")))
            else:
                print(f"  {idx['mode']}: {idx['datasets']} datasets in {idx['seconds']}s"
                      f" = {idx['rate']} datasets/s" + _cpu_line(idx.get("cpu")))
            print("  load average before/after: "
                  + " / ".join(", ".join(f"{x:.1f}" for x in idx[k])
                               for k in ("load_before", "load_after")))
        try:
            results["index_stats"] = st = index_stats()
            big = ", ".join(f"{k.replace('tdpf_search_index_', '')} {v}"
                            for k, v in list(st["indexes_mb"].items())[:4])
            print(f"index: {st['rows']} rows, {st['total_mb']} MB in all "
                  f"(heap {st['heap_mb']}, TOAST {st['toast_mb']}; indexes MB: {big}), "
                  f"{st['bytes_per_dataset']} bytes/dataset")
        except sa_exc.DBAPIError as e:  # another backend: no such table
            model.Session.rollback()
            print(f"index: no statistics ({e.__class__.__name__})")

        if not args.no_facets:
            results["facet_cache"] = facet_cache_load()
        results["queries"] = {}
        for user in [u.strip() for u in args.users.split(",") if u.strip()]:
            print(f"queries: {args.queries} x package_search as {user}"
                  f"{'' if args.no_facets else ' with 8 facets'} ...", flush=True)
            summary = ckan_queries(user, args.queries, not args.no_facets)
            results["queries"][user] = summary
            print_query_table(f"package_search as {user} (rows=20"
                              f"{'' if args.no_facets else ', 8 facet fields'}), "
                              f"{total} datasets", summary)
            if "first" in summary:
                print_query_table("  the warm-up: first search of each variant", summary["first"])

        if args.explain:
            results["explain"] = plans = explain_queries(not args.no_facets)
            print("\nEXPLAIN ANALYZE (sysadmin, first variant of each type; "
                  "full plans in --json)")
            for pl in plans:
                print(f"  {pl['type']:<13}{_pad(pl['query'], 20)}{pl['execution_ms']:>9.1f} ms"
                      f"  {_plan_summary(pl['plan'])}")

    if not args.no_pgsearch_sql:
        print(f"\nqueries: {args.queries} x pgsearch-equivalent SQL ...", flush=True)
        summary = pgsearch_sql_queries(db_url, args.queries)
        results["queries"]["pgsearch_equivalent_sql"] = summary
        print_query_table("pgsearch-equivalent SQL (count + page of 20, no facets, "
                          "no package_show)", summary)

    truth = kyoto_truth(db_url)
    results["precision"] = {"truth": truth}
    print(f"\nprecision: {truth['kyoto']} public datasets mention 京都 (Kyoto); "
          f"{truth['tokyo_to']} of {truth['public_datasets']} mention 東京都")
    for name, summary in results["queries"].items():
        got = summary.get("keyword", {}).get("hits", {}).get("京都")
        if got is not None:
            results["precision"][name] = got
            print(f"  q=京都 as {name}: {got} hits")

    if args.json:
        pathlib.Path(args.json).write_text(
            json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")


if __name__ == "__main__":
    main()
