"""Charts drawn on the server as SVG: no script, no external file, readable by screen readers.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` summarising it, and a
``<title>`` on every bar (shown as a tooltip). The page always shows the same numbers in a
table next to the chart, so nothing is only visible as a picture. Colours come from CSS
classes (``insights/css/insights.css``), so they follow the admin's light and dark themes.
"""

from django.utils.html import format_html, format_html_join

WIDTH = 640
HEIGHT = 180
GUTTER = 28  # room for the axis labels below the bars
TOP = 16


def _numbers(*values):
    """Coordinates as text with one decimal (format_html escapes its arguments before formatting)."""
    return [f"{value:.1f}" for value in values]


def bar_chart(chart_id, title, description, points, stacked_second=None):
    """An SVG bar chart of ``points`` [(label, value)], optionally stacked with ``stacked_second``.

    ``stacked_second``: [(label, value)] drawn on top of each bar (e.g. returning commenters
    above new ones); labels must match ``points``."""
    values = [value for _label, value in points]
    if stacked_second:
        values = [value + extra for value, (_label, extra) in zip(values, stacked_second, strict=True)]
    peak = max(values, default=0) or 1
    count = max(len(points), 1)
    slot = WIDTH / count
    bar_width = max(2.0, slot * 0.7)
    scale = (HEIGHT - GUTTER - TOP) / peak
    bars = []
    for index, (label, value) in enumerate(points):
        x = index * slot + (slot - bar_width) / 2
        height = value * scale
        y = HEIGHT - GUTTER - height
        bars.append(("bar", *_numbers(x, y, bar_width, height), f"{label}: {value}"))
        if stacked_second:
            extra = stacked_second[index][1]
            extra_height = extra * scale
            bars.append(
                ("bar bar--second", *_numbers(x, y - extra_height, bar_width, extra_height), f"{label}: +{extra}")
            )
    step = max(1, count // 8)  # at most about eight axis labels
    labels = [
        (*_numbers(index * slot + slot / 2), HEIGHT - 8, label)
        for index, (label, _value) in enumerate(points)
        if index % step == 0
    ]
    return format_html(
        '<svg class="insights-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" preserveAspectRatio="none" width="100%" height="{h}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="axis" x1="0" y1="{base}" x2="{w}" y2="{base}"></line>'
        "{bars}{labels}{peak_label}</svg>",
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        base=HEIGHT - GUTTER,
        title=title,
        desc=description,
        bars=format_html_join(
            "",
            '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
            bars,
        ),
        labels=format_html_join("", '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>', labels),
        peak_label=format_html('<text class="label" x="2" y="{}">{}</text>', TOP - 4, peak),
    )
