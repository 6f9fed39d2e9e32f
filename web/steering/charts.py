"""The steering page's charts as SVG drawn on the server: no script, printable, and readable without colour.

Each chart is an image with a title and a description (``role="img"``) followed on the page by its data table.
Numbers are written into the chart (heat maps, bars) or told apart by marker shape and dash (lines), so
colour is never the only cue. Hidden cells ("< 5", "x") are left out of lines and bars and hatched in heat maps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from web.steering.suppression import Cell

FONT = 'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" font-size="12"'
LIGHT, DARK = (240, 245, 250), (8, 48, 107)
INK = "#1a1a1a"
SERIES_COLOURS = ("#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000", "#3d3d3d", "#a61c00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond", "square", "circle", "diamond", "triangle")


@dataclass(frozen=True, slots=True)
class ChartText:
    chart_id: str
    title: str
    description: str


def _frame(text: ChartText, width: float, height: float, body: list[str]) -> Markup:
    ids = f"{text.chart_id}-title {text.chart_id}-desc"
    return Markup(  # noqa: S704 (every text in it went through escape())
        f'<svg class="chart" role="img" aria-labelledby="{ids}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'xmlns="http://www.w3.org/2000/svg" {FONT}>'
        f'<title id="{text.chart_id}-title">{escape(text.title)}</title>'
        f'<desc id="{text.chart_id}-desc">{escape(text.description)}</desc>'
        f'<defs><pattern id="{text.chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" stroke-width="2"/></pattern></defs>'
        + "".join(body)
        + "</svg>"
    )


def _shade(share: float) -> tuple[str, str]:
    """A fill between light and dark blue for ``share`` (0–1), and the text colour with the better contrast."""
    rgb = [round(a + (b - a) * share) for a, b in zip(LIGHT, DARK, strict=True)]
    linear = [(c / 255 / 12.92) if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    text = "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"
    return "#{:02x}{:02x}{:02x}".format(*rgb), text


def _largest(cells: Sequence[Cell]) -> int:
    return max((c.plans or 0 for c in cells), default=0) or 1


def heat_map(text: ChartText, rows: Sequence[str], columns: Sequence[str], cells: Sequence[Sequence[Cell]]) -> Markup:
    """Rows × columns of counts; darker is more, and every count is written in its box."""
    left, top, width, height = 230.0, 34.0, 92.0, 26.0
    largest = _largest([c for row in cells for c in row])
    body = [
        f'<text x="{left + (i + 0.5) * width:.1f}" y="{top - 10:.1f}" text-anchor="middle" fill="{INK}">'
        f"{escape(column)}</text>"
        for i, column in enumerate(columns)
    ]
    for r, (label, row) in enumerate(zip(rows, cells, strict=True)):
        y = top + r * height
        body.append(f'<text x="{left - 8:.1f}" y="{y + 17:.1f}" text-anchor="end" fill="{INK}">{escape(label)}</text>')
        for i, value in enumerate(row):
            x = left + i * width
            hidden = value.plans is None
            fill, ink = (f"url(#{text.chart_id}-hatch)", "#000000") if hidden else _shade((value.plans or 0) / largest)
            weight = ' font-weight="700"' if hidden else ""
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width - 2:.1f}" height="{height - 2:.1f}" fill="{fill}" '
                f'stroke="#c8c8c8"/><text x="{x + width / 2 - 1:.1f}" y="{y + 17:.1f}" text-anchor="middle" '
                f'fill="{ink}"{weight}>{escape(value.text)}</text>'
            )
    return _frame(text, left + width * len(columns) + 4, top + height * len(rows) + 4, body)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
        )
    return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="{colour}"/>'


def line_chart(text: ChartText, points: Sequence[str], series: Sequence[tuple[str, Sequence[Cell]]]) -> Markup:
    """One line per series over ``points`` (months), each with its own colour, dash and marker shape, named in
    the legend; a hidden count breaks the line."""
    left, top, plot_w, plot_h, legend_w = 48.0, 16.0, 560.0, 220.0, 250.0
    largest = _largest([c for _label, cells in series for c in cells])
    step = plot_w / max(len(points) - 1, 1)

    def at(i: int, value: int) -> tuple[float, float]:
        return left + i * step, top + plot_h - plot_h * value / largest

    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{INK}"/>']
    for tick in sorted({0, largest // 2, largest}):
        y = at(0, tick)[1]
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d9d9d9"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{tick}</text>')  # fmt: skip
    every = -(-len(points) // 6)  # at most six month labels, so they never overlap; the last one always shown
    for i, point in enumerate(points):
        if (len(points) - 1 - i) % every == 0:
            x = at(i, 0)[0]
            body.append(f'<text x="{x:.1f}" y="{top + plot_h + 18:.1f}" text-anchor="middle" fill="{INK}">'
                        f"{escape(point)}</text>")  # fmt: skip
    for s, (label, cells) in enumerate(series):
        colour, dash, shape = SERIES_COLOURS[s % 8], DASHES[s % 8], MARKERS[s % 8]
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[tuple[float, float]] = []
        for i, value in enumerate([*cells, Cell(None)]):
            if value.plans is not None:
                segment.append(at(i, value.plans))
                continue
            if len(segment) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashing}/>')
            body.extend(_marker(shape, x, y, colour) for x, y in segment)
            segment = []
        y = top + 8 + s * 24
        x = left + plot_w + 24
        body.append(f'<line x1="{x}" y1="{y}" x2="{x + 30}" y2="{y}" stroke="{colour}" stroke-width="2"{dashing}/>'
                    + _marker(shape, x + 15, y, colour)
                    + f'<text x="{x + 38}" y="{y + 4}" fill="{INK}">{escape(label)}</text>')  # fmt: skip
    return _frame(text, left + plot_w + legend_w, top + plot_h + 30, body)


def paired_bars(
    text: ChartText, rows: Sequence[str], names: tuple[str, str], pairs: Sequence[tuple[Cell, Cell]]
) -> Markup:
    """Two bars per row on one scale: the first solid, the second hatched; each with its number at the end."""
    left, top, plot_w, group_h = 230.0, 30.0, 440.0, 40.0
    largest = _largest([c for pair in pairs for c in pair])
    fills = ("#0b5394", f"url(#{text.chart_id}-hatch)")
    body = []
    for k, name in enumerate(names):
        x = left + k * 220
        body.append(f'<rect x="{x}" y="4" width="16" height="12" fill="{fills[k]}" stroke="{INK}"/>'
                    f'<text x="{x + 22}" y="14" fill="{INK}">{escape(name)}</text>')  # fmt: skip
    for r, (label, pair) in enumerate(zip(rows, pairs, strict=True)):
        y = top + r * group_h
        body.append(f'<text x="{left - 8}" y="{y + 21:.1f}" text-anchor="end" fill="{INK}">{escape(label)}</text>')
        for k, value in enumerate(pair):
            bar_y = y + 2 + k * 17
            length = 0.0 if value.plans is None else plot_w * value.plans / largest
            if length:
                body.append(f'<rect x="{left}" y="{bar_y:.1f}" width="{length:.1f}" height="15" fill="{fills[k]}" '
                            f'stroke="{INK}"/>')  # fmt: skip
            body.append(f'<text x="{left + length + 6:.1f}" y="{bar_y + 12:.1f}" fill="{INK}">'
                        f"{escape(value.text)}</text>")  # fmt: skip
    return _frame(text, left + plot_w + 70, top + group_h * len(rows) + 4, body)
