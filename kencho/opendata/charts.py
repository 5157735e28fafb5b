"""Bar and line charts as SVG drawn on the server, so that a resource's numbers show without JavaScript.

The SVG is one image for assistive technology (role="img", with <title> and <desc> summarising the
data); the template puts the same data in a table beside it. Colours and fonts are presentation
attributes, not style attributes, so a strict Content-Security-Policy needs no exception. Every text
that comes from the data is escaped, which is why the result is marked safe.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

MAX_BARS = 60
WIDTH = 720
HEIGHT = 400
FONT_FAMILY = (
    "'Noto Sans JP', 'BIZ UDPGothic', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', "
    "'Yu Gothic', Meiryo, sans-serif"
)
# Contrast on white is above 3:1 for every colour (WCAG 1.4.11, non-text contrast).
_POSITIVE = "#0017C1"
_NEGATIVE = "#CE0000"
_TEXT = "#1A1A1C"
_AXIS = "#4D4D4D"
_GRID = "#D8D8DB"
_LEFT, _RIGHT, _TOP = 80, 16, 48
_FONT_SIZE = 12
_LABEL_ROTATE_FROM = 13  # bars; with more, the labels below them are turned by 45 degrees
_VALUE_LABELS_UP_TO = 24  # bars; with more, values are only in each bar's tooltip


@dataclass(frozen=True)
class _Frame:
    """Where the plot area is and how values map onto it."""

    left: float
    top: float
    width: float
    height: float
    low: float
    high: float

    def y(self, value: float) -> float:
        return self.top + (self.high - value) / (self.high - self.low) * self.height

    def band(self, count: int) -> float:
        return self.width / max(count, 1)


def format_number(value: float) -> str:
    """1234567 → "1,234,567"; 12.5 → "12.5"; 0.00123 → "0.00123"."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def _nice_ticks(low: float, high: float, *, target: int = 5) -> list[float]:
    """Round tick values covering [low, high], always including 0."""
    low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        high = 1.0
    raw = (high - low) / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _shorten(label: str, max_chars: int) -> str:
    return label if len(label) <= max_chars else label[: max(max_chars - 1, 1)] + "…"


def _clean(values: Sequence[float | None]) -> list[float | None]:
    return [v if v is not None and math.isfinite(v) else None for v in values]


def _summary(kind: str, labels: Sequence[str], values: Sequence[float | None]) -> str:
    present = [(v, label) for label, v in zip(labels, values, strict=True) if v is not None]
    if not present:
        return gettext("%(kind)s。値のある項目はありません。") % {"kind": kind}
    high = max(present, key=lambda pair: pair[0])
    low = min(present, key=lambda pair: pair[0])
    return gettext(
        "%(kind)s。%(count)s 項目。最大値 %(max)s（%(max_label)s）、最小値 %(min)s（%(min_label)s）。"
    ) % {
        "kind": kind,
        "count": len(labels),
        "max": format_number(high[0]),
        "max_label": high[1],
        "min": format_number(low[0]),
        "min_label": low[1],
    }


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    desc: str | None = None,
    max_bars: int = MAX_BARS,
    chart_id: str | None = None,
) -> SafeString:
    """A vertical bar chart; negative values hang below the zero line, None leaves a gap."""
    return _chart("bar", labels, values, title=title, desc=desc, max_points=max_bars, chart_id=chart_id)


def line_chart_svg(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    desc: str | None = None,
    max_points: int = MAX_BARS,
    chart_id: str | None = None,
) -> SafeString:
    """A line chart with a marker per value; None breaks the line."""
    return _chart("line", labels, values, title=title, desc=desc, max_points=max_points, chart_id=chart_id)


def _chart(
    kind: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    desc: str | None,
    max_points: int,
    chart_id: str | None,
) -> SafeString:
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    labels = [str(label) for label in labels]
    cleaned = _clean(values)
    kind_name = gettext("棒グラフ") if kind == "bar" else gettext("折れ線グラフ")
    description = desc if desc is not None else _summary(kind_name, labels, cleaned)
    shown_labels, shown = labels[:max_points], cleaned[:max_points]
    capped = len(labels) > max_points
    if capped:
        description += " " + _cap_note(len(shown), len(labels))
    if chart_id is None:
        digest = hashlib.sha256(repr((kind, title, labels, cleaned)).encode()).hexdigest()
        chart_id = f"chart-{digest[:12]}"
    rotate = len(shown) >= _LABEL_ROTATE_FROM
    bottom = 110 if rotate else 48
    present = [v for v in shown if v is not None]
    ticks = _nice_ticks(min(present, default=0.0), max(present, default=0.0))
    frame = _Frame(_LEFT, _TOP, WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - bottom, ticks[0], ticks[-1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="opendata-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-label="{escape(title)}" aria-describedby="{escape(chart_id)}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="{_FONT_SIZE}" fill="{_TEXT}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#FFFFFF"/>',
        f'<text x="{_LEFT}" y="28" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    parts += _axes(frame, ticks)
    if not present:
        parts.append(
            f'<text x="{WIDTH / 2:.1f}" y="{HEIGHT / 2:.1f}" text-anchor="middle">'
            f"{escape(gettext('表示できる数値がありません。'))}</text>"
        )
    draw = _bars if kind == "bar" else _line
    parts += draw(frame, shown_labels, shown)
    parts += _category_labels(frame, shown_labels, rotate=rotate)
    if capped:
        parts.append(
            f'<text x="{WIDTH - _RIGHT}" y="{HEIGHT - 8}" text-anchor="end" font-size="11">'
            f"{escape(_cap_note(len(shown), len(labels)))}</text>"
        )
    parts.append("</svg>")
    # Safe: every text from the data or the caller went through escape() above.
    return mark_safe("".join(parts))  # noqa: S308


def _cap_note(shown: int, total: int) -> str:
    return gettext("先頭 %(shown)s 件を表示しています（全 %(total)s 件）。") % {
        "shown": shown,
        "total": total,
    }


def _axes(frame: _Frame, ticks: list[float]) -> list[str]:
    parts = []
    right = frame.left + frame.width
    for tick in ticks:
        y = frame.y(tick)
        colour = _AXIS if tick == 0 else _GRID
        parts.append(f'<line x1="{frame.left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{colour}"/>')
        tick_text = escape(format_number(tick))
        parts.append(f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick_text}</text>')
    bottom = frame.top + frame.height
    parts.append(
        f'<line x1="{frame.left}" y1="{frame.top}" x2="{frame.left}" y2="{bottom}" stroke="{_AXIS}"/>'
    )
    return parts


def _point_title(label: str, value: float) -> str:
    return f"<title>{escape(label)}: {escape(format_number(value))}</title>"


def _bars(frame: _Frame, labels: list[str], values: list[float | None]) -> list[str]:
    parts = []
    band = frame.band(len(values))
    zero = frame.y(0)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            continue
        x = frame.left + index * band + band * 0.15
        top, height = min(zero, frame.y(value)), abs(frame.y(value) - zero)
        colour = _NEGATIVE if value < 0 else _POSITIVE
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{band * 0.7:.1f}" height="{max(height, 0.5):.1f}" '
            f'fill="{colour}">{_point_title(label, value)}</rect>'
        )
        if len(values) <= _VALUE_LABELS_UP_TO:
            y = top - 4 if value >= 0 else top + height + 14
            parts.append(
                f'<text x="{x + band * 0.35:.1f}" y="{y:.1f}" text-anchor="middle" font-size="11">'
                f"{escape(format_number(value))}</text>"
            )
    return parts


def _line(frame: _Frame, labels: list[str], values: list[float | None]) -> list[str]:
    parts: list[str] = []
    band = frame.band(len(values))
    segment: list[str] = []
    points: list[str] = []
    for index, (label, value) in enumerate([*zip(labels, values, strict=True), ("", None)]):
        if value is None:
            if len(segment) > 1:
                coordinates = " ".join(segment)
                parts.append(
                    f'<polyline points="{coordinates}" fill="none" stroke="{_POSITIVE}" stroke-width="2"/>'
                )
            segment = []
            continue
        x, y = frame.left + (index + 0.5) * band, frame.y(value)
        segment.append(f"{x:.1f},{y:.1f}")
        points.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{_NEGATIVE if value < 0 else _POSITIVE}">'
            f"{_point_title(label, value)}</circle>"
        )
    return parts + points


def _category_labels(frame: _Frame, labels: list[str], *, rotate: bool) -> list[str]:
    parts = []
    band = frame.band(len(labels))
    y = frame.top + frame.height + 16
    max_chars = 10 if rotate else max(int(band // _FONT_SIZE), 2)
    # Turned labels sit band·sin 45° apart; skip some so that they do not overlap.
    every = math.ceil(_FONT_SIZE * 1.2 / (band * math.sqrt(0.5))) if rotate else 1
    for index, label in enumerate(labels):
        if index % every:
            continue
        x = frame.left + (index + 0.5) * band
        text = escape(_shorten(label, max_chars))
        if rotate:
            parts.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" '
                f'transform="rotate(-45 {x:.1f} {y:.1f})">{text}</text>'
            )
        else:
            parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{text}</text>')
    return parts
