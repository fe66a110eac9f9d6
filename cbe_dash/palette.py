"""Category order and colours for every CBE Dash map and chart: the one module that knows them.

Why one place: plotly assigns colours by order of appearance unless told otherwise, so the same status
would change colour between years or pages. Every figure asks a `Scale` here for its order and colours.

How the colours were chosen: each scale samples one ColorBrewer sequential ramp (as shipped in
plotly.colors) at set CIELAB lightness steps, light -> dark, so strength reads from darkness and saturation
even in greyscale or without hue. Where the lowest category means absence ("none", "None known", "0") it is
one shared light, near-neutral ABSENCE_COLOR, so "has none" never looks like a finding. Every state outline
is drawn in BORDER_COLOR so the palest fill still has a shape on a white page.
"No data" is a mid grey that sits between the light and mid classes in lightness (never confused with the
pale absence colour, even in greyscale) and the figures add a cue no class has: a hatch on tiles and a cross
mark on the map (figures.py). Adjacent classes, and the grey against every class, stay >= 10 CAM02-UCS
delta-E apart under simulated deuteranopia, protanopia and tritanopia (tests/test_palette.py checks this).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Legend and hover label for a state without a value. Never drawn or counted as 0.
NO_DATA = "No data"
#: Mid grey (L* ~65), hue-free: darker than every absence/light class, lighter than the strong ones.
NO_DATA_COLOR = "#9e9e9e"
#: The cue drawn on "No data" states (hatch lines on tiles, a cross on the map): no category has it.
NO_DATA_MARK_COLOR = "#ffffff"
#: The one colour for "the state has none" on every scale: light (L* ~94) and near-neutral (C* ~3).
ABSENCE_COLOR = "#f0eee9"
#: The legend's ring (on the map each ring is black or white, whichever stands out on its state's fill).
RING_LEGEND_COLOR = "#1a1a1a"
#: State outlines on maps and tiles: visible around the pale absence fill, quiet on the dark ones.
BORDER_COLOR = "#8c8c8c"


@dataclass(frozen=True)
class Bins:
    """Numeric classes for a binned scale.

    `edges` are the interior cut points, ascending; a bin includes its lower edge, so with edges (1, 2)
    the classes are v < 1, 1 <= v < 2 and v >= 2. `labels` has one entry more than `edges`.
    """

    edges: tuple[float, ...]
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.edges) + 1:
            raise ValueError("Bins needs exactly one label more than edges")
        if list(self.edges) != sorted(set(self.edges)):
            raise ValueError("Bins edges must be strictly ascending")


@dataclass(frozen=True)
class Scale:
    """An ordered set of categories (low -> high) with one fixed colour each and a legend title."""

    key: str
    categories: tuple[str, ...]
    colors: tuple[str, ...]
    label: str
    bins: Bins | None = None
    absence: str | None = None  # the category that means "has none", drawn in ABSENCE_COLOR

    def __post_init__(self) -> None:
        if len(self.categories) != len(self.colors):
            raise ValueError(f"{self.key}: one colour per category")
        if NO_DATA in self.categories:
            raise ValueError(f"{self.key}: {NO_DATA!r} is added by the palette, not a category")
        if self.bins is not None and self.bins.labels != self.categories:
            raise ValueError(f"{self.key}: bin labels must be the categories, in order")
        if self.absence is not None and (self.categories[0] != self.absence or self.colors[0] != ABSENCE_COLOR):
            raise ValueError(f"{self.key}: absence must be the first category, in ABSENCE_COLOR")

    def color_map(self) -> dict[str, str]:
        """Category -> colour, in scale order, with NO_DATA last."""
        return {**dict(zip(self.categories, self.colors)), NO_DATA: NO_DATA_COLOR}

    def legend_order(self) -> tuple[str, ...]:
        """Categories low -> high, then NO_DATA: the order of every legend."""
        return (*self.categories, NO_DATA)


def classify(values: pd.Series, scale: Scale) -> pd.Series:
    """Numbers -> the scale's bin labels, as an ordered categorical; NA (or non-numeric) stays NA."""
    if scale.bins is None:
        raise ValueError(f"{scale.key} is categorical; only binned scales classify numbers")
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
    index = np.searchsorted(np.asarray(scale.bins.edges, dtype=float),
                            numbers.fillna(0).to_numpy(dtype=float), side="right")
    labels = np.asarray(scale.bins.labels, dtype=object)[index]
    result = pd.Series(labels, index=values.index, name=values.name, dtype=object)
    result[numbers.isna().to_numpy()] = None
    return result.astype(pd.CategoricalDtype(scale.categories, ordered=True))


def _relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = np.array([int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]) / 255
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_on(fill: str) -> str:
    """Black or white, whichever contrasts more with `fill`: always >= 4.58:1 for any fill."""
    black, white = "#000000", "#ffffff"
    return black if contrast_ratio(fill, black) >= contrast_ratio(fill, white) else white


credit_policy = Scale(
    key="credit_policy",
    categories=("none", "limited", "permitted", "required"),
    colors=(ABSENCE_COLOR, "#c1c2de", "#7d77b7", "#582f93"),  # ColorBrewer Purples at L* 79, 53, 30
    label="CBE credit policy",
    absence="none",
)
diploma_policy = Scale(
    key="diploma_policy",
    categories=("none", "optional", "statewide"),
    colors=(ABSENCE_COLOR, "#c1c2de", "#6950a2"),  # Purples at L* 79, 40: same family as credit policy
    label="Mastery diploma policy",
    absence="none",
)
snapshot_category = Scale(
    key="snapshot_category",
    categories=("Not Yet", "Emerging", "Developing", "Advanced"),
    colors=("#e4e1ee", "#b2c2de", "#2383ba", "#034b75"),  # ColorBrewer PuBu at L* 90, 78, 52, 30
    label="Snapshot category (Aurora)",
)


def _binned(key: str, label: str, edges: tuple[float, ...], labels: tuple[str, ...],
            colors: tuple[str, ...], absence: str | None = None) -> Scale:
    """A numeric scale whose categories are its bins' labels (stated once)."""
    return Scale(key=key, categories=labels, colors=colors, label=label, bins=Bins(edges, labels), absence=absence)


league_districts = _binned(
    "league_districts", "Known League districts", (1, 2, 4, 7),
    ("None known", "1 district", "2-3 districts", "4-6 districts", "7+ districts"),
    (ABSENCE_COLOR, "#99d595", "#30994f", "#016d2c", "#00441b"),  # ColorBrewer Greens at L* 80, 56, 40, 24
    absence="None known",
)
percent_meeting = _binned(
    "percent_meeting", "Share meeting the goal (%)", (50, 75, 90, 100),
    ("Under 50%", "50-74.9%", "75-89.9%", "90-99.9%", "100%"),
    ("#dce9f6", "#a4cce3", "#3c8cc3", "#135fa7", "#08326f"),  # ColorBrewer Blues at L* 92, 80, 56, 40, 22
)
count_gap = _binned(
    "count_gap", "Number not meeting the goal", (1, 1_000, 10_000, 100_000),
    ("0", "1-999", "1,000-9,999", "10,000-99,999", "100,000+"),
    (ABSENCE_COLOR, "#fdb781", "#e8543b", "#c5170f", "#830000"),  # ColorBrewer OrRd at L* 80, 56, 42, 26
    absence="0",
)
usd_per_mbps = _binned(
    "usd_per_mbps", "Median cost per Mbps (USD/month)", (3, 7, 15),
    ("Under $3", "$3-6.99", "$7-14.99", "$15+"),
    ("#fee08c", "#feb13f", "#d35306", "#862f05"),  # ColorBrewer YlOrBr at L* 90, 78, 52, 32
)
pct_no_home_internet = _binned(
    "pct_no_home_internet", "Households without internet (%)", (10, 15, 20),
    ("Under 10%", "10-14.9%", "15-19.9%", "20%+"),
    ("#fde6e2", "#fbb3bb", "#d72d94", "#7a0177"),  # ColorBrewer RdPu at L* 93, 80, 50, 28
)

#: Line colour for single-series national charts (the theme's accent; not a category colour).
ACCENT = "#1d4f91"

#: Every scale by key, for pages that pick a scale from a metric name and for tests.
SCALES: dict[str, Scale] = {s.key: s for s in (
    credit_policy, diploma_policy, snapshot_category, league_districts, percent_meeting,
    count_gap, usd_per_mbps, pct_no_home_internet,
)}
