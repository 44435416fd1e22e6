"""The continuity chart: per document in time order, how many rows hold each status.

Server-side SVG, no JavaScript and no external request (like `service.pages.charts`): one
stacked bar per document, one segment per status, the colours of the page's matrix.
"""

from __future__ import annotations

from collections import Counter
from html import escape

__all__ = ["COLOURS", "LABELS", "continuity"]

COLOURS = {
    "planned": "#1b6ca8", "not-in-document": "#d9d9d9", "not-planned": "#9e9e9e",
    "contradictory": "#b03a48", "strong": "#2e7d32", "weak": "#e0a31f", "none": "#f2f2f2",
    "present": "#2e7d32", "absent": "#f2f2f2", "renamed": "#7b5ea7", "merged": "#8c6d31",
    "operator-changed": "#e07a1f",
}  # fmt: skip
LABELS = {
    "planned": "prevista", "not-in-document": "no figura", "not-planned": "sin acciones previstas",
    "contradictory": "contradictorio", "strong": "evidencia fuerte", "weak": "evidencia débil",
    "none": "sin evidencia", "present": "presente", "absent": "ausente",
    "renamed": "renombrado", "merged": "fusionado", "operator-changed": "cambió quien lo opera",
}  # fmt: skip


def continuity(documents: list[tuple[str, str]], counts: dict[str, Counter[str]]) -> str:
    """An inline `<svg>`: `documents` are (key, label) in time order, `counts` per key."""
    height, bar, gap = 220, 70, 40
    width = 50 + len(documents) * (bar + gap)
    peak = max((sum(c.values()) for c in counts.values()), default=0) or 1
    codes = [c for c in COLOURS if any(counts.get(d, Counter())[c] for d, _ in documents)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} '
        f'{height + 40 + 16 * len(codes)}" width="100%" '
        'aria-label="Continuidad: estados por documento">',
        f'<line x1="45" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>',
        f'<text x="40" y="12" font-size="10" text-anchor="end">{peak}</text>',
    ]
    for i, (doc, label) in enumerate(documents):
        x = 50 + i * (bar + gap)
        y = float(height)
        for code in codes:
            n = counts.get(doc, Counter())[code]
            if not n:
                continue
            h = (height - 15) * n / peak
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{COLOURS[code]}" '
                f'stroke="#fff"><title>{escape(label)} · {escape(LABELS[code])}: {n}</title></rect>'
            )
        parts.append(
            f'<text x="{x + bar / 2}" y="{height + 14}" font-size="10" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for j, code in enumerate(codes):
        y = height + 30 + 16 * j
        parts.append(f'<rect x="50" y="{y}" width="10" height="10" fill="{COLOURS[code]}" '
                     'stroke="#999"/>')  # fmt: skip
        parts.append(f'<text x="64" y="{y + 9}" font-size="11">{escape(LABELS[code])}</text>')
    parts.append("</svg>")
    return "".join(parts)
