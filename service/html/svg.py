"""Inline SVG charts (bars, values on one axis, step lines): no script, no external asset."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


# Okabe & Ito's eight colours, distinguishable with the common colour-vision deficiencies.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Interval:
    """One source's value on a shared axis: a point (low == high), a range, or an open bound."""

    label: str
    low: int | None
    high: int | None
    colour: str
    note: str = ""  # e.g. 'disputed', 'superseded'


_AXIS_X = 240
_LABEL_CHARS = 34
_AXIS_W = 300


def _position(value: float, top: float) -> float:
    return _AXIS_X + value / top * _AXIS_W


def range_chart(
    title: str,
    rows: Sequence[Interval],
    *,
    best: int | None = None,
    disputed: bool = False,
) -> str:
    """Every source's value or range (low-best-high) on one axis from 0; open bounds as arrows."""
    top = max((v for r in rows for v in (r.low, r.high, best) if v is not None), default=1) * 1.1
    top = top or 1.0
    height = _ROW * len(rows) + 44
    width = _AXIS_X + _AXIS_W + 120
    css = "range-chart disputed" if disputed else "range-chart"
    label = f"{title} (disputed)" if disputed else title
    parts = [
        f'<svg class="{css}" role="img" aria-label="{escape(label)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="14" class="chart-title">{escape(label)}</text>',
    ]
    axis_y = height - 14
    parts.append(
        f'<line x1="{_AXIS_X}" y1="{axis_y}" x2="{_AXIS_X + _AXIS_W}" y2="{axis_y}" class="axis"/>'
        f'<text x="{_AXIS_X}" y="{height - 2}" class="tick">0</text>'
        f'<text x="{_AXIS_X + _AXIS_W}" y="{height - 2}" text-anchor="end" class="tick">'
        f"{top:,.0f}</text>"
    )
    if best is not None:
        x = _position(best, top)
        parts.append(
            f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{axis_y}" class="best">'
            f"<title>best estimate {best}</title></line>"
        )
    for i, row in enumerate(rows):
        y = 24 + i * _ROW + _ROW / 2
        short = row.label if len(row.label) <= _LABEL_CHARS else row.label[: _LABEL_CHARS - 1] + "…"
        parts.append(
            f'<text x="{_AXIS_X - 8}" y="{y + 4:.1f}" text-anchor="end" class="chart-label">'
            f"<title>{escape(row.label)}</title>{escape(short)}</text>"
        )
        low = row.low if row.low is not None else 0
        high = row.high if row.high is not None else top
        x1, x2 = _position(low, top), _position(high, top)
        tip = escape(
            f"{row.label}: {row.low if row.low is not None else '…'}–"
            f"{row.high if row.high is not None else '…'} {row.note}".strip()
        )
        open_css = " open" if row.high is None or row.low is None else ""
        if x2 - x1 < 1:
            parts.append(
                f'<circle cx="{x1:.1f}" cy="{y:.1f}" r="5" fill="{row.colour}" '
                f'class="value {escape(row.note)}"><title>{tip}</title></circle>'
            )
        else:
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" '
                f'stroke="{row.colour}" class="value range{open_css} {escape(row.note)}">'
                f"<title>{tip}</title></line>"
            )
        if row.note:
            parts.append(
                f'<text x="{_AXIS_X + _AXIS_W + 8}" y="{y + 4:.1f}" class="note">'
                f"{escape(row.note)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def step_line(title: str, steps: Sequence[tuple[str, int]], *, colour_hex: str) -> str:
    """A source's successive values (time label, value) as a step line, oldest first."""
    width, height, pad = 320, 90, 28
    top = max((v for _, v in steps), default=1) * 1.1 or 1.0
    span = max(len(steps) - 1, 1)
    points = [
        (pad + i / span * (width - 2 * pad), height - pad - v / top * (height - 2 * pad))
        for i, (_, v) in enumerate(steps)
    ]
    path = []
    for i, (x, y) in enumerate(points):
        path.append(f"M{x:.1f},{y:.1f}" if i == 0 else f"H{x:.1f}V{y:.1f}")
    parts = [
        f'<svg class="step-chart" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="12" class="chart-title">{escape(title)}</text>',
        f'<path d="{"".join(path)}" fill="none" stroke="{colour_hex}" stroke-width="2"/>',
    ]
    for (x, y), (when, value) in zip(points, steps, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour_hex}">'
            f"<title>{escape(when)}: {value}</title></circle>"
            f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" class="chart-value">'
            f"{value}</text>"
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" class="tick">'
            f"{escape(when[:10])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
