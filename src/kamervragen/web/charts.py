"""Small inline SVG charts for the statistics pages: no JavaScript, no images to fetch, labels escaped."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

COLOURS = ("#1f5f99", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b")


def bar_chart(rows: list[tuple[str, float | None]], title: str, *, fmt: str = "{:g}", max_value: float | None = None,
              width: int = 760) -> Markup:
    """Horizontal bars, one per (label, value); None counts as 0."""
    bar_h, gap, label_w = 18, 6, 330
    height = 30 + len(rows) * (bar_h + gap)
    top = max([v or 0 for _, v in rows] + [max_value or 0, 1e-9])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
             f'<text x="0" y="16" class="chart-title">{escape(title)}</text>']
    span = width - label_w - 70
    for i, (label, value) in enumerate(rows):
        y = 28 + i * (bar_h + gap)
        w = 0 if not value else max(1.0, span * value / top)
        shown = label if len(label) <= 44 else label[:43] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" class="chart-label">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[0]}"/>')
        text = "–" if value is None else fmt.format(value)
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" class="chart-value">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(series: list[dict[str, Any]], title: str, *, width: int = 720, height: int = 320) -> Markup:
    """Median answer days per year, one line per ministry: ``[{"ministry", "points": [{"year", "median_days"}]}]``."""
    years = sorted({int(p["year"]) for s in series for p in s["points"] if str(p["year"]).isdigit()})
    values = [p["median_days"] for s in series for p in s["points"] if p["median_days"] is not None]
    left, right, top_pad, bottom = 50, 20, 30, 40
    legend_h = 18 * len(series)
    total_h = height + legend_h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="{width}" height="{total_h}" '
             f'viewBox="0 0 {width} {total_h}"><title>{escape(title)}</title>',
             f'<text x="0" y="16" class="chart-title">{escape(title)}</text>']
    if not years or not values:
        parts.append('<text x="0" y="40">Geen gegevens.</text></svg>')
        return Markup("".join(parts))
    y_max = max(values) * 1.1 or 1
    x0, x1 = years[0], years[-1]

    def x(year: int) -> float:
        return left + (width - left - right) * ((year - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def y(v: float) -> float:
        return top_pad + (height - top_pad - bottom) * (1 - v / y_max)

    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#999"/>')
    parts.append(f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{height - bottom}" stroke="#999"/>')
    for tick in range(0, 5):
        v = y_max * tick / 4
        parts.append(f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end" class="chart-value">{v:.0f}</text>')
    step = max(1, len(years) // 10)
    for year in years[::step]:
        parts.append(f'<text x="{x(year):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'class="chart-value">{year}</text>')
    for i, s in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        pts = [(int(p["year"]), p["median_days"]) for p in s["points"]
               if p["median_days"] is not None and str(p["year"]).isdigit()]
        if len(pts) > 1:
            path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in pts)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for a, b in pts:
            parts.append(f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3" fill="{colour}"/>')
        ly = height + 18 * i + 4
        parts.append(f'<rect x="{left}" y="{ly}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{left + 18}" y="{ly + 11}" class="chart-label">{escape(s["ministry"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
