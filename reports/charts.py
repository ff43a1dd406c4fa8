"""Bar charts drawn as SVG by the templates: the geometry is computed here, pure.

A chart is a title, a description, and bars with a label and a value; ``bar_chart`` places
the bars in a fixed viewBox so the template only writes attributes (no inline styles). Each
chart is shown with its data as a table, which is the text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 40  # room for the value axis
BOTTOM = 28  # room for the bar labels
TOP = 12
# Labels under bars are thinned out so they never overlap: at most this many.
MAX_LABELS = 20


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    label_heading: str  # the heading of the labels' column in the data table
    value_heading: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - BOTTOM + 16


def _nice_top(largest: int) -> int:
    """A round number at or above ``largest`` for the top of the value axis."""
    if largest <= 5:
        return max(largest, 1)
    step = 1
    while step * 10 < largest:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= largest:
            return step * factor
    return largest  # pragma: no cover - the loop always returns


def bar_chart(
    *,
    title: str,
    description: str,
    label_heading: str,
    value_heading: str,
    data: Sequence[tuple[str, int]],
) -> BarChart:
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - BOTTOM - TOP
    top = _nice_top(max((value for _, value in data), default=0))
    slot = plot_width / max(len(data), 1)
    gap = min(slot * 0.2, 8)
    every = -(-len(data) // MAX_LABELS) or 1  # ceiling division
    bars = []
    for i, (label, value) in enumerate(data):
        height = plot_height * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(LEFT + i * slot + gap / 2, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(slot - gap, 2),
                height=round(height, 2),
                show_label=i % every == 0,
            )
        )
    ticks = tuple(
        Tick(value=round(top * k / 4), y=round(TOP + plot_height * (1 - k / 4), 2))
        for k in range(5)
        if top >= 4 or k in (0, 4)
    )
    return BarChart(
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=tuple(bars),
        ticks=ticks,
    )


def score_bands(percentages: Sequence[float], bands: int = 10) -> list[tuple[str, int]]:
    """How many scores fall in each band of 100/bands %: [0, 10), [10, 20) … [90, 100]."""
    counts = [0] * bands
    width = 100 / bands
    for value in percentages:
        counts[min(int(max(value, 0) // width), bands - 1)] += 1
    return [
        (f"{round(i * width)}–{round((i + 1) * width)} %", count) for i, count in enumerate(counts)
    ]
