"""Usage of open data (issue 21 #5): views and downloads counted once per
visitor and day, bots excluded, the click-through to a resource hosted at
the source counted by CKAN's download redirect, gated downloads left to
the market's gate; the provider dashboard (chart, CSV, panels), the
operators' totals, the home page's most viewed list; who may see what."""
from __future__ import annotations

import csv
import io
import re

from ckan import model

from ckanext.tdpf.usage import counter, report
from ckanext.tdpf.usage.model import UsageDaily

from .conftest import BROWSER, REMOTE, get


def _bars(html: str, figure: str) -> dict[str, int]:
    svg = html.split(f'class="{figure}"', 1)[1].split("</svg>", 1)[0]
    return {k: int(v) for k, v in re.findall(r'data-key="([^"]+)" data-count="(\d+)"', svg)}


def _counts() -> dict[tuple[str, str, str], int]:
    return {(r.kind, r.dataset_id, r.resource_id): r.count
            for r in model.Session.query(UsageDaily)}


def test_views_once_per_visitor_and_day_bots_excluded(app, world):
    pkg = world["open"]
    for ip in ("203.0.113.1", "203.0.113.1", "203.0.113.2"):  # a reload is not a new view
        get(app, "/dataset/a-open", ip=ip, status=200)
    for agent in ("Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "",
                  "python-requests/2.32", "Mozilla/5.0 HeadlessChrome/120"):
        get(app, "/dataset/a-open", agent=agent, status=200)
    get(app, "/dataset/a-open", status=200, **{"Sec-Purpose": "prefetch"})
    get(app, "/dataset/no-such-dataset", status=404)
    assert counter.flush() == 2
    assert _counts() == {("view", pkg["id"], ""): 2}
    assert counter.flush() == 0  # nothing pending: nothing added again
    assert _counts() == {("view", pkg["id"], ""): 2}


def test_click_through_to_the_source_is_counted_and_gate_kept(app, world):
    pkg, res = world["open"], world["open"]["resources"][0]
    page = get(app, "/dataset/a-open", status=200).get_data(as_text=True)
    download = f"/dataset/a-open/resource/{res['id']}/download"
    assert f'href="{download}"' in page  # the button goes through the counting route
    answer = get(app, download, status=302)
    assert answer.headers["Location"] == REMOTE
    get(app, download, agent="Wget/1.21", ip="198.51.100.9", status=302)  # scripts count
    get(app, download, agent="bingbot/2.0", status=302)  # crawlers do not

    gated = world["gated"]
    gated_res = gated["resources"][0]
    refused = get(app, f"/dataset/a-gated/resource/{gated_res['id']}/download")
    assert refused.status_code == 403  # the market's gate, unchanged
    assert "source.example.jp/flow.csv" not in refused.get_data(as_text=True)
    counter.flush()
    assert _counts() == {("view", pkg["id"], ""): 1, ("download", pkg["id"], res["id"]): 2}


def test_dashboard_chart_csv_and_panels(app, world):
    res = world["open"]["resources"][0]
    for n in range(3):
        get(app, "/dataset/a-open", ip=f"203.0.113.{n}")
    get(app, "/dataset/a-secret", world["provider"], status=200)  # the provider's own view
    get(app, f"/dataset/a-open/resource/{res['id']}/download", status=302)
    get(app, "/dataset/b-open", status=200)
    counter.flush()

    html = get(app, "/usage", world["provider"], status=200).get_data(as_text=True)
    assert "<svg" in html
    assert sum(_bars(html, "tdpf-chart-views").values()) == 4
    assert sum(_bars(html, "tdpf-chart-downloads").values()) == 1
    assert _bars(html, "tdpf-chart-datasets") == {"a-open": 3, "a-secret": 1}
    assert "新宿の避難所" not in html  # another organisation's dataset
    assert 'data-panel="searches"' in html  # the core's own panel (searchlog)

    body = get(app, "/usage.csv", world["provider"], status=200).data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    by = {(r[0], r[1]): r for r in rows[1:]}
    assert by[("データセット", "a-open")][3:] == ["3", "1"]
    assert by[("データセット", "a-secret")][3:] == ["1", "0"]
    assert ("データセット", "b-open") not in by
    assert by[("リソース", f"a-open/{res['id']}")][4] == "1"

    # operators: totals per organisation
    totals = get(app, "/ckan-admin/usage", world["operator"], status=200).get_data(as_text=True)
    assert _bars(totals, "tdpf-chart-organizations") == {"org-a": 4, "org-b": 1}
    rows = list(csv.reader(io.StringIO(
        get(app, "/ckan-admin/usage.csv", world["operator"]).data.decode("utf-8-sig"))))
    assert {r[1]: r[2:] for r in rows[1:]} == {"org-a": ["4", "1"], "org-b": ["1", "0"]}


def test_who_may_see_usage(app, world):
    get(app, "/dataset/a-secret", world["provider"])
    counter.flush()
    for user in (None, world["lonely"]):
        get(app, "/usage", user, status=403)
        get(app, "/usage.csv", user, status=403)
    # another organisation's editor: not org-a's figures, not even by asking for them
    get(app, "/usage?organization=org-a", world["other"], status=403)
    own = get(app, "/usage", world["other"], status=200).get_data(as_text=True)
    assert "内部資料ひみつ" not in own and "千代田区" not in own
    for user in (None, world["provider"], world["other"]):
        get(app, "/ckan-admin/usage", user, status=403)
        get(app, "/ckan-admin/usage.csv", user, status=403)
    get(app, "/usage?days=0", world["provider"], status=400)
    get(app, "/usage?days=abc", world["provider"], status=400)
    get(app, "/usage?organization=nothing-such", world["operator"], status=404)


def test_home_page_lists_most_viewed_public_datasets_only(app, world):
    for n in range(3):
        get(app, "/dataset/a-secret", world["provider"], ip=f"203.0.113.{n}", agent=f"{BROWSER} {n}")
    get(app, "/dataset/a-plain")
    counter.flush()
    assert [d["name"] for d in report.most_viewed()] == ["a-plain"]
    home = get(app, "/", status=200).get_data(as_text=True)
    section = home.split('class="tdpf-most-viewed"', 1)[1].split("</section>", 1)[0]
    assert "よく見られているデータ" in home
    assert "公衆トイレ" in section and "内部資料ひみつ" not in section
