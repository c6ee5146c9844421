"""The report page (/data-rate) draws the distribution as an SVG chart; the
CSV (/data-rate.csv, UTF-8 with BOM) carries the same figures; who may see
what; the dataset's own data-rate page and the snippets."""
from __future__ import annotations

import csv
import io
import re


def _get(app, url, user=None, status=200):
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(url, headers=headers, status=status)


def _bars(html: str, figure: str) -> dict[str, int]:
    """rating -> count, read from the SVG bars of one chart."""
    svg = html.split(f'class="{figure}"', 1)[1].split("</svg>", 1)[0]
    return {k: int(v) for k, v in re.findall(
        r'class="tdpf-bar" data-rating="(\w+)" data-count="(\d+)"', svg)}


def _csv(app, url, user):
    res = _get(app, url, user)
    assert res.headers["Content-Type"].startswith("text/csv")
    body = res.data
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_anonymous_and_users_without_organization_are_refused(app, site):
    _get(app, "/data-rate", status=403)
    _get(app, "/data-rate.csv", status=403)
    _get(app, "/data-rate", site["lonely"], status=403)


def test_member_sees_own_organization_with_private_data(app, site):
    html = _get(app, "/data-rate", site["member"]).get_data(as_text=True)
    assert "<svg" in html and "データレート" in html
    assert "千代田区" in html and "新宿区" not in html  # only the member's organisation
    bars = _bars(html, "tdpf-chart-distribution")
    assert sum(bars.values()) == 3  # a-rich, a-bare and the private a-secret

    rows = _csv(app, "/data-rate.csv", site["member"])
    header, total = rows[0], rows[1]
    assert header[:4] == ["区分", "キー", "名称", "データセット数"]
    assert header[4:8] == ["優", "良", "可", "不可"]
    assert total[3] == "3"
    # the CSV total row is the chart
    assert dict(zip(["excellent", "good", "sufficient", "bad"], map(int, total[4:8]), strict=True)) == bars
    assert [r[1] for r in rows if r[0] == "組織"] == ["org-a"]


def test_operator_sees_every_organization_and_csv_matches_page(app, site):
    html = _get(app, "/data-rate", site["operator"]).get_data(as_text=True)
    assert "千代田区" in html and "新宿区" in html
    rows = _csv(app, "/data-rate.csv", site["operator"])
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    assert by_key[("合計", "")][3] == "4"
    for org in ("org-a", "org-b"):
        row = by_key[("組織", org)]
        # the table row of the page shows the same numbers
        cells = re.search(rf'<tr data-key="{org}">(.*?)</tr>', html, re.S).group(1)
        numbers = [n.replace("–", "") for n in re.findall(r"<td[^>]*>([^<]*)</td>", cells)]
        assert numbers == row[3:]
        # and the stacked bar of the organisation the same counts
        group = html.split(f'data-key="{org}">', 1)[1].split("</g>", 1)[0]
        stacked = dict(re.findall(r'data-rating="(\w+)" data-count="(\d+)"', group))
        assert sum(int(v) for v in stacked.values()) == int(row[3])


def test_organization_filter_and_unknown_organization(app, site):
    rows = _csv(app, "/data-rate.csv?organization=org-b", site["operator"])
    assert [r[1] for r in rows if r[0] == "組織"] == ["org-b"]
    _get(app, "/data-rate?organization=nope", site["operator"], status=404)
    # a member asking for another organisation gets nothing of it
    rows = _csv(app, "/data-rate.csv?organization=org-b", site["member"])
    assert rows[1][3] == "0"


def test_dataset_data_rate_page_and_snippet(app, site):
    html = _get(app, "/dataset/a-rich/data-rate").get_data(as_text=True)
    assert re.search(r'tdpf-data-rate-score">\d+</strong> / 405', html)
    assert "未確認" not in html  # no resources: nothing to check
    assert "データレートを上げるには" in html
    _get(app, "/dataset/a-secret/data-rate", status=403)
    _get(app, "/dataset/a-secret/data-rate", site["member"])
    _get(app, "/dataset/nothing-here/data-rate", status=404)


def test_english_page(app, site):
    html = _get(app, "/en/data-rate", site["operator"]).get_data(as_text=True)
    assert "Data rate report" in html and "Excellent" in html


def test_report_is_linked_for_those_who_may_see_it(app, site):
    link = 'class="tdpf-data-rate-link'
    assert link not in _get(app, "/dataset/").get_data(as_text=True)
    assert link not in _get(app, "/dataset/", site["lonely"]).get_data(as_text=True)
    header = _get(app, "/dataset/", site["member"]).get_data(as_text=True)
    assert link in header
    dashboard = _get(app, "/dashboard/datasets", site["member"]).get_data(as_text=True)
    assert link in dashboard
    own = _get(app, "/organization/org-a", site["member"]).get_data(as_text=True)
    assert 'href="/data-rate?organization=org-a"' in own
    other = _get(app, "/organization/org-b", site["member"]).get_data(as_text=True)
    assert 'href="/data-rate?organization=org-b"' not in other
    operator = _get(app, "/organization/org-b", site["operator"]).get_data(as_text=True)
    assert 'href="/data-rate?organization=org-b"' in operator
