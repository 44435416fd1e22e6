"""Server-side SVG charts (no JavaScript): grouped bars (actions per GCM objective and year)
and horizontal bars (one figure per category). Each chart has its data as a table beside
it on the page; the SVG's label says what it shows."""

from __future__ import annotations

from html import escape

PALETTE = ("#1b6ca8", "#e07a1f", "#3a9d5d", "#b03a48", "#7b5ea7", "#8c6d31")


def grouped_bars(
    groups: list[str],
    series: list[str],
    values: dict[tuple[str, str], int],
    *,
    height: int = 260,
    label: str = "Acciones por objetivo del PMM y año",
) -> str:
    """An inline `<svg>`: one cluster per group (objective), one bar per series (year)."""
    peak = max(values.values(), default=0) or 1
    cluster = max(len(series), 1) * 9 + 8
    width = 40 + cluster * max(len(groups), 1)
    plot = height - 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height + 30}" '
        f'width="100%" aria-label="{escape(label)}">',
        f'<line x1="35" y1="{plot + 5}" x2="{width}" y2="{plot + 5}" stroke="#999"/>',
        f'<text x="30" y="14" font-size="10" text-anchor="end">{peak}</text>',
    ]
    for gi, group in enumerate(groups):
        x0 = 40 + gi * cluster
        for si, name in enumerate(series):
            v = values.get((group, name), 0)
            h = plot * v / peak
            x, y = x0 + si * 9, plot + 5 - h
            color = PALETTE[si % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="8" height="{h:.1f}" fill="{color}">'
                f"<title>{escape(group)} · {escape(name)}: {v}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + cluster / 2 - 4}" y="{plot + 20}" font-size="10" '
            f'text-anchor="middle">{escape(group)}</text>'
        )
    for si, name in enumerate(series):
        x = 40 + si * 150
        color = PALETTE[si % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{height + 10}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{x + 14}" y="{height + 19}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars(items: list[tuple[str, float]], *, label: str, unit: str = "") -> str:
    """An inline `<svg>` of horizontal bars, one per (name, value), names on the left."""
    peak = max((v for _, v in items), default=0) or 1
    row, left, width = 22, 260, 640
    height = row * max(len(items), 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(label)}">'
    ]
    for i, (name, v) in enumerate(items):
        y = 5 + i * row
        w = (width - left - 60) * v / peak
        shown = f"{v:g}{unit}"
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">'
            f"{escape(name[:45])}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="15" fill="{PALETTE[0]}">'
            f"<title>{escape(name)}: {shown}</title></rect>"
            f'<text x="{left + w + 4:.1f}" y="{y + 14}" font-size="11">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
