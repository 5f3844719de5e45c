"""Charts drawn on the server as SVG by pygal, for the dashboard and the PDF report alike.

Each chart comes with its text alternative: a <title> and <desc> inside the SVG (named by
aria-labelledby, the SVG being an image), a summary sentence shown under it, and the numbers
as a table for screen readers. pygal's scripts are left out: `js=[]` drops its tooltip
script from a CDN, and the inline config script it still writes is removed here, with its
per-point <desc> tooltips, so the charts need no JavaScript and fetch nothing.

The view box is about as wide as a phone, with text sized for it: on a 390 px screen the
chart is drawn near its natural size, and larger screens and paper just scale it up.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

import pygal  # type: ignore[import-untyped]
from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style  # type: ignore[import-untyped]

from spinewise.programs.dates import long_date

WIDTH, HEIGHT = 400, 250
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', 'Liberation Sans', sans-serif"
INK, GRID = "#1b2430", "#dde1e6"
# Distinct in hue and lightness, each with at least 4.5:1 contrast on white.
PALETTE = ("#0b6b5c", "#a33d00", "#1d3f72", "#6b2c91")
NORM_COLOUR = "#5d6673"


class Kind(StrEnum):
    DATA = "data"  # measured values joined by a line, with dots
    DOTS = "dots"  # measured values as dots only (many readings, such as each session's pain)
    TREND = "trend"  # a derived line (a weekly average)
    REFERENCE = "reference"  # a flat line to compare with: the baseline
    NORM = "norm"  # a flat line from published norms
    BAR = "bar"


@dataclass(frozen=True)
class Line:
    label: str
    points: Sequence[tuple[date | datetime, float]]
    kind: Kind = Kind.DATA
    colour: int = 0  # index into PALETTE; references take their series' colour


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(frozen=True)
class Key:
    """One entry of a chart's legend, drawn in HTML under the chart (pygal's own legend cannot
    show a dashed line, and clips its second row at this size)."""

    label: str
    colour: str
    kind: Kind


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str  # one or two sentences that say what the chart shows
    svg: SafeString
    table: Table | None
    legend: Sequence[Key] = ()
    # The figure as HTML, once rendered (see with_html): a long history's table is thousands of
    # cells, too many to run through the template engine on every visit.
    html: SafeString = field(default=SafeString(""))


def local_number(value: float, spec: str = "g") -> str:
    """A number for reading with the active language's decimal mark: 2.5 -> "2.5" or "2,5"."""
    return format(value, spec).replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


def with_html(chart: Chart) -> Chart:
    """The chart with its figure rendered, to keep in the cache beside it."""
    from django.template.loader import render_to_string

    return replace(chart, html=SafeString(render_to_string("progress/_chart.html", {"chart": chart})))


def _style(colours: Sequence[str]) -> Style:
    return Style(
        background="transparent",
        plot_background="#ffffff",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle=GRID,
        opacity="1",
        opacity_hover="1",
        transition="none",
        colors=tuple(colours),
        font_family=FONT,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=15,
        value_font_size=12,
        tooltip_font_size=12,
        # Solid, faint guides, so only our reference lines are dashed.
        guide_stroke_dasharray="none",
        major_guide_stroke_dasharray="none",
        guide_stroke_color=GRID,
        major_guide_stroke_color=GRID,
    )


def _config(colours: Sequence[str], title: str, y_title: str) -> dict[str, object]:
    return {
        "js": [],
        "style": _style(colours),
        "width": WIDTH,
        "height": HEIGHT,
        "title": title,
        "y_title": y_title,
        "disable_xml_declaration": True,
        "show_legend": False,
        "margin": 8,
        "margin_right": 24,  # room for the last date label
        "spacing": 8,
        "x_label_rotation": 0,
        "print_values": False,
        "dots_size": 3.5,
        "max_scale": 6,  # few, readable steps on the value axis
        "value_formatter": local_number,  # the value axis, with the language's decimal mark
    }


def _date_labels(first: date, last: date, count: int = 4) -> list[date]:
    if last <= first:
        return [first]
    span = (last - first).days
    step = span / (count - 1)
    days = sorted({first + timedelta(days=round(i * step)) for i in range(count)})
    return days


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def line_chart(
    key: str,
    title: str,
    lines: Sequence[Line],
    *,
    y_title: str,
    summary: str,
    table: Table | None,
    y_range: tuple[float, float] | None = None,
) -> Chart:
    """A chart of values over time; flat reference and norm lines span the whole period."""
    points = [p for line in lines for p in line.points]
    if not points:
        raise ValueError("a chart needs at least one point")
    measured = {_day(x) for line in lines if line.kind in MEASURED for x, _ in line.points}
    if len(measured) == 1:
        # One date alone makes no line: the value is shown as it is until a second one comes.
        return Chart(key, title, summary, _single(title, lines, y_title, measured.pop()), table, ())
    first = min(_day(x) for x, _ in points)
    last = max(_day(x) for x, _ in points)
    if first == last:
        # One sitting alone still gets a readable axis: a week either side.
        first, last = first - timedelta(days=7), last + timedelta(days=7)
    long_span = (last - first).days > 300
    colours = [
        NORM_COLOUR if line.kind == Kind.NORM else PALETTE[line.colour % len(PALETTE)] for line in lines
    ]
    config = _config(colours, title, y_title)
    if y_range is not None:
        config["range"] = y_range
    chart = pygal.DateLine(
        **config,
        # Month names in the active language (the charts are cached per language).
        x_value_formatter=(lambda d: date_format(d, "M Y"))
        if long_span
        else (lambda d: date_format(d, "j M")),
        x_labels=_date_labels(first, last),
    )
    for line in lines:
        values: list[tuple[date | datetime, float]] = sorted(
            ((_as_datetime(x), y) for x, y in line.points), key=lambda p: p[0]
        )
        if line.kind in (Kind.REFERENCE, Kind.NORM):
            level = values[0][1]
            values = [(_as_datetime(first), level), (_as_datetime(last), level)]
        chart.add(line.label, values, **_series_options(line.kind, len(values)))
    legend = [Key(line.label, colour, line.kind) for line, colour in zip(lines, colours, strict=True)]
    strokes = {i: STROKES[line.kind] for i, line in enumerate(lines) if line.kind in STROKES}
    return Chart(key, title, summary, _accessible_svg(chart, title, summary, strokes), table, legend)


MEASURED = (Kind.DATA, Kind.DOTS, Kind.TREND)


def _single(title: str, lines: Sequence[Line], y_title: str, day: date) -> SafeString:
    """A chart with one date only, as words: each value, then when the line starts."""
    rows = "".join(
        f"<li><span>{escape(line.label)}</span> <strong>{local_number(line.points[-1][1])}</strong>"
        f' <span class="small">{escape(y_title)}</span></li>'
        for line in lines
        if line.points
    )
    note = escape(_("One date so far: the chart draws its line once there is a second."))
    return mark_safe(
        f'<div class="chart-single" data-testid="chart-single"><p><strong>{escape(title)}</strong>,'
        f' {escape(long_date(day))}</p><ul>{rows}</ul><p class="small">{note}</p></div>'
    )


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day, 12)


# pygal's own stylesheet sets every line 1 px wide over its per-series options, so widths
# and dashes are added to the chart's stylesheet (see _accessible_svg).
STROKES: dict[Kind, str] = {
    Kind.DATA: "stroke-width:3",
    Kind.TREND: "stroke-width:3.5",
    Kind.REFERENCE: "stroke-width:2;stroke-dasharray:8,5",
    Kind.NORM: "stroke-width:2;stroke-dasharray:2,4",
}


def _series_options(kind: Kind, count: int) -> dict[str, object]:
    if kind == Kind.DOTS:
        return {"stroke": False, "dots_size": 3 if count < 60 else 2.2}
    if kind == Kind.TREND:
        return {"show_dots": count < 30, "dots_size": 2.5}
    if kind in (Kind.REFERENCE, Kind.NORM):
        return {"show_dots": False}
    return {"show_dots": True}


def bar_chart(
    key: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    y_title: str,
    summary: str,
    table: Table | None,
    y_range: tuple[float, float],
) -> Chart:
    """Grouped bars: one group per label, one bar per series (before and after)."""
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(series))]
    config = _config(colours, title, y_title)
    config.update(
        range=y_range,
        x_labels=list(labels),
        truncate_label=-1,
        print_values=True,
        print_values_position="top",
        value_formatter=local_number,
    )
    chart = pygal.Bar(**config)
    for name, values in series:
        chart.add(name, list(values))
    legend = [Key(name, colour, Kind.BAR) for (name, _), colour in zip(series, colours, strict=True)]
    return Chart(key, title, summary, _accessible_svg(chart, title, summary), table, legend)


def _accessible_svg(
    chart: pygal.graph.graph.Graph, title: str, summary: str, strokes: Mapping[int, str] | None = None
) -> SafeString:
    root = chart.render_tree()
    base = root.get("id", "chart")
    style = next(root.iter("style"), None)
    if strokes and style is not None:
        # After pygal's rules and more specific than its `.reactive` width, which would win.
        style.text = (style.text or "") + "".join(
            f"#{base} .serie-{index} .line.reactive{{{css}}}" for index, css in strokes.items()
        )
    for parent in root.iter():
        for child in list(parent):
            # Comments, pygal's config script and its per-point tooltip texts.
            if not isinstance(child.tag, str) or child.tag in ("script", "desc"):
                parent.remove(child)
    hidden = False
    for element in root.iter():
        # Hooks for pygal's script, repeated in every chart: duplicate ids on one page.
        if element.get("id", "").startswith("activate-serie"):
            del element.attrib["id"]
        # The Content-Security-Policy allows no style attribute: pygal's hidden tooltip gets a rule.
        if element.get("style") is not None:
            hidden = hidden or "opacity: 0" in element.get("style", "")
            del element.attrib["style"]
    if hidden and style is not None:
        style.text = (style.text or "") + f"#{base} .tooltip{{opacity:0}}"
    root.set("role", "img")
    root.set("aria-labelledby", f"{base}-title {base}-desc")
    root.set("focusable", "false")
    title_el = ET.Element("title", id=f"{base}-title")
    title_el.text = title
    desc_el = ET.Element("desc", id=f"{base}-desc")
    desc_el.text = summary
    root.insert(0, desc_el)
    root.insert(0, title_el)
    # ElementTree escapes every text and attribute, labels included.
    return mark_safe(ET.tostring(root, encoding="unicode"))
