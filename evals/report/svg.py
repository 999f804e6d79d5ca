"""Inline SVG bar charts: no script, no external asset, readable when printed."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_ROW = 22
_LABEL_W = 200
_BAR_W = 280
_VALUE_W = 70


def _format(value: float, fraction: bool) -> str:
    return f"{value:.3f}" if fraction or abs(value) < 10 else f"{value:,.1f}"


def bar_chart(title: str, rows: Sequence[tuple[str, float | None]], *, fraction: bool) -> str:
    """Horizontal bars, one per (label, value); fractions on a 0-1 scale, others to the maximum."""
    scale = 1.0 if fraction else max((v for _, v in rows if v is not None), default=0.0) or 1.0
    height = _ROW * len(rows) + 28
    width = _LABEL_W + _BAR_W + _VALUE_W
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        y = 24 + i * _ROW
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 15}" text-anchor="end" class="chart-label">'
            f"{escape(label)}</text>"
        )
        if value is None:
            parts.append(f'<text x="{_LABEL_W}" y="{y + 15}" class="chart-na">n/a</text>')
            continue
        bar = max(0.0, min(1.0, value / scale)) * _BAR_W
        parts.append(
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{bar:.1f}" height="{_ROW - 6}" class="bar">'
            f"<title>{escape(label)}: {_format(value, fraction)}</title></rect>"
        )
        parts.append(
            f'<text x="{_LABEL_W + bar + 6:.1f}" y="{y + 15}" class="chart-value">'
            f"{_format(value, fraction)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
