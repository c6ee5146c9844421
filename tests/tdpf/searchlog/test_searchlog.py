"""The search log (issue 17 #4): zero-result searches of the page and the
API listed on the operators' page (chart, CSV), a click from the search
page marks the search and shows in the provider's panel, nothing for
bots or further pages, no personal data, operators only, retention."""
from __future__ import annotations

import csv
import datetime
import io
import re

import sqlalchemy as sa

from ckan import model
from ckan.common import config

from ckanext.tdpf import clock
from ckanext.tdpf.searchlog import store
from ckanext.tdpf.searchlog.model import SearchClick, SearchLog

from tests.tdpf.usage.conftest import get

NOTHING = "存在しないデータ名xyz"


def _table(html: str, kind: str) -> dict[str, tuple[int, int]]:
    table = html.split(f'class="table table-striped tdpf-searchlog-{kind}"', 1)[1] \
        .split("</table>", 1)[0]
    return {q: (int(n), int(c)) for q, n, c in re.findall(
        r'data-query="([^"]*)".*?data-kind="count">(\d+)<.*?data-kind="clicked">(\d+)<',
        table, re.S)}


def test_zero_result_searches_are_listed_for_operators(app, world):
    for ip in ("203.0.113.1", "203.0.113.2"):
        get(app, f"/dataset/?q={NOTHING}", ip=ip, status=200)
    get(app, f"/dataset/?q={NOTHING}&page=2", status=200)  # a further page: not a new search
    get(app, f"/dataset/?q={NOTHING}", agent="Googlebot/2.1", status=200)  # a crawler
    api = app.post("/api/3/action/package_search", json={"q": "ない言葉", "fq": "tags:x"},
                   headers={"User-Agent": "python-requests/2.32"})
    assert api.json["result"]["count"] == 0
    get(app, "/dataset/?q=AED", status=200)
    assert store.flush() == 4
    logged = model.Session.execute(sa.select(SearchLog).order_by(SearchLog.id)).scalars().all()
    assert [(r.query, r.result_count, r.source) for r in logged] == [
        (NOTHING, 0, "web"), (NOTHING, 0, "web"), ("ない言葉", 0, "api"), ("AED", 1, "web")]
    assert logged[2].filters == "tags:x"  # the caller's filter, not package_search's own
    assert {r.lang for r in logged} == {"ja"}
    columns = set(SearchLog.__table__.columns.keys())
    assert not columns & {"ip", "ip_address", "user_id", "user", "session"}

    html = get(app, "/ckan-admin/search-log", world["operator"], status=200) \
        .get_data(as_text=True)
    assert _table(html, "zero") == {NOTHING: (2, 0), "ない言葉": (1, 0)}
    assert _table(html, "top")["AED"] == (1, 0)
    zero_week = re.findall(r'data-count="(\d+)"', html.split('class="tdpf-chart-zero"', 1)[1]
                           .split("</svg>", 1)[0])
    assert int(zero_week[-1]) == 3  # this week's bar of the chart

    rows = list(csv.reader(io.StringIO(
        get(app, "/ckan-admin/search-log.csv", world["operator"]).data.decode("utf-8-sig"))))
    zero = [r for r in rows if r[1] == "検索結果が0件だった検索（上位）"]
    assert [(r[2], r[3]) for r in zero] == [(NOTHING, "2"), ("ない言葉", "1")]


def test_the_search_log_is_refused_to_non_operators(app, world):
    for user in (None, world["provider"], world["lonely"]):
        get(app, "/ckan-admin/search-log", user, status=403)
        get(app, "/ckan-admin/search-log.csv", user, status=403)
    get(app, "/ckan-admin/search-log?week=yesterday", world["operator"], status=400)


def test_a_click_from_the_search_page_leads_providers_to_the_query(app, world):
    host = get(app, "/dataset/?q=AED", status=200).request.host
    get(app, "/dataset/a-open", status=200, Referer=f"http://{host}/dataset/?q=AED")
    # the provider searches and opens the private dataset; nobody else may see its title
    get(app, "/dataset/?q=内部資料", world["provider"], status=200)
    get(app, "/dataset/a-secret", world["provider"], status=200,
        Referer=f"http://{host}/dataset/?q=内部資料")
    # a link from another site is no click from our search
    get(app, "/dataset/b-open", status=200, Referer="https://elsewhere.example/dataset/?q=x")
    store.flush()
    clicked = model.Session.execute(sa.select(SearchLog.query, SearchLog.clicked)
                                    .order_by(SearchLog.id)).all()
    assert clicked == [("AED", True), ("内部資料", True)]
    assert model.Session.query(SearchClick).count() == 2

    mine = get(app, "/usage", world["provider"], status=200).get_data(as_text=True)
    panel = mine.split('data-panel="searches"', 1)[1].split("</section>", 1)[0]
    assert "AED → AED設置場所" in panel and "内部資料 → 内部資料ひみつ" in panel
    others = get(app, "/usage", world["other"], status=200).get_data(as_text=True)
    assert "内部資料ひみつ" not in others and "AED設置場所" not in others
    operator = get(app, "/ckan-admin/search-log", world["operator"]).get_data(as_text=True)
    assert "内部資料ひみつ" not in operator  # queries only, never dataset titles


def test_retention_purges_old_searches(app, world, monkeypatch):
    now = clock.now()
    for age in (200, 10):
        model.Session.add(SearchLog(time=clock.to_db(now - datetime.timedelta(days=age)),
                                    query=f"{age}日前", filters="", result_count=0, lang="ja",
                                    source="web", clicked=False))
    model.Session.commit()
    assert store.purge() == 1  # the default keeps 180 days
    assert [r.query for r in model.Session.query(SearchLog)] == ["10日前"]
    monkeypatch.setitem(config, "ckanext.tdpf.searchlog.retention_days", 7)
    assert store.purge() == 1
