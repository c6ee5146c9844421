"""Server-rendered SVG charts of a data rate report (no JavaScript, no CDN:
the portal works offline). Each bar carries ``data-rating`` and
``data-count`` so its figure can be read back and compared with the CSV."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

COLOURS = {"excellent": "#1a7f37", "good": "#0b63c5", "sufficient": "#9a6700",
           "bad": "#c4272f"}
# file levels (report.FILE_LEVEL_KEYS); "none": no file checked
LEVEL_COLOURS = {"3": "#1a7f37", "2": "#0b63c5", "1": "#9a6700", "0": "#c4272f",
                 "none": "#8c959f"}


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(  # noqa: S704 - every value in it is escaped or a number
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tdpf-chart" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def distribution(report: dict[str, Any], title: str) -> Markup:
    """Vertical bars: how many datasets have each rating (the total row)."""
    ratings = report["ratings"]
    counts = report["total"]["ratings"]
    top = max([counts[r["key"]] for r in ratings] + [1])
    width, height, base, bar_w, gap = 480, 240, 200, 80, 40
    body = [f'<line x1="20" y1="{base}" x2="{width - 20}" y2="{base}" stroke="#555"/>']
    for n, r in enumerate(ratings):
        key, count = r["key"], counts[r["key"]]
        h = round(160 * count / top)
        x = 40 + n * (bar_w + gap)
        body.append(
            f'<rect class="tdpf-bar" data-rating="{key}" data-count="{count}" '
            f'x="{x}" y="{base - h}" width="{bar_w}" height="{h}" fill="{COLOURS[key]}">'
            f"<title>{escape(r['label'])}: {count}</title></rect>"
            f'<text x="{x + bar_w / 2}" y="{base - h - 6}" text-anchor="middle" '
            f'font-size="14" fill="#222">{count}</text>'
            f'<text x="{x + bar_w / 2}" y="{base + 22}" text-anchor="middle" '
            f'font-size="15" fill="#222">{escape(r["label"])}</text>')
    return _svg(width, height, title, body)


def by_group(rows: list[dict[str, Any]], ratings: list[dict[str, str]], title: str,
             field: str = "ratings", colours: dict[str, str] = COLOURS) -> Markup:
    """One horizontal stacked bar per organisation (or provider type): the
    share of each rating (or file level: ``field="file_levels"``) among its
    datasets."""
    label_w, bar_w, row_h = 190, 360, 28
    height = max(len(rows), 1) * row_h + 10
    body = []
    for n, row in enumerate(rows):
        y = 5 + n * row_h
        body.append(f'<g class="tdpf-group" data-key="{escape(row["key"])}">'
                    f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
                    f'fill="#222">{escape(row["label"][:18])}</text>')
        x = float(label_w)
        for r in ratings:
            count = row[field][r["key"]]
            w = bar_w * count / row["count"] if row["count"] else 0
            if count:
                body.append(
                    f'<rect class="tdpf-bar" data-rating="{r["key"]}" data-count="{count}" '
                    f'x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 8}" '
                    f'fill="{colours[r["key"]]}"><title>{escape(row["label"])} '
                    f'{escape(r["label"])}: {count}</title></rect>')
            x += w
        body.append(f'<text x="{label_w + bar_w + 8}" y="{y + 17}" font-size="13" '
                    f'fill="#222">{row["count"]}</text></g>')
    return _svg(label_w + bar_w + 50, height, title, body)


# -- generic charts (market usage reports) ------------------------------
# rows: [{"key", "label", "count"}]; each bar carries data-key/data-count.

def columns(rows: list[dict[str, Any]], title: str, colour: str = "#0b63c5",
            label_every: int = 1) -> Markup:
    """Vertical bars in order (a time series: one per day); every
    ``label_every``-th bar is labelled below the axis."""
    top = max([r["count"] for r in rows] + [1])
    step = max(8, min(80, 640 // max(len(rows), 1)))
    bar_w, base = step * 0.7, 190
    width = 40 + step * max(len(rows), 1) + 20
    body = [f'<line x1="30" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#555"/>',
            f'<text x="26" y="{base - 160 + 4}" text-anchor="end" font-size="11" '
            f'fill="#222">{top}</text>']
    for n, r in enumerate(rows):
        h = round(160 * r["count"] / top)
        x = 40 + n * step
        body.append(
            f'<rect class="tdpf-bar" data-key="{escape(r["key"])}" data-count="{r["count"]}" '
            f'x="{x}" y="{base - h}" width="{bar_w:.1f}" height="{h}" fill="{colour}">'
            f'<title>{escape(r["label"])}: {r["count"]}</title></rect>')
        if n % label_every == 0:
            body.append(f'<text x="{x + bar_w / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                        f'font-size="11" fill="#222">{escape(r["label"])}</text>')
    return _svg(width, base + 30, title, body)


def bars(rows: list[dict[str, Any]], title: str, colour: str = "#0b63c5") -> Markup:
    """Horizontal bars, one per row, with the count at the end."""
    label_w, bar_w, row_h = 190, 360, 28
    top = max([r["count"] for r in rows] + [1])
    body = []
    for n, r in enumerate(rows):
        y, w = 5 + n * row_h, bar_w * r["count"] / top
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#222">{escape(r["label"][:18])}</text>'
            f'<rect class="tdpf-bar" data-key="{escape(r["key"])}" data-count="{r["count"]}" '
            f'x="{label_w}" y="{y}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}">'
            f'<title>{escape(r["label"])}: {r["count"]}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="13" '
            f'fill="#222">{r["count"]}</text>')
    return _svg(label_w + bar_w + 50, max(len(rows), 1) * row_h + 10, title, body)
