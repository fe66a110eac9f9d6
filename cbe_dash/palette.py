"""Category order and colours for every CBE Dash map and chart: the one module that knows them.

Why one place: plotly assigns colours by order of appearance unless told otherwise, so the same status
would change colour between years or pages. Every figure asks a `Scale` here for its order and colours.

How the colours were chosen: each scale samples one perceptually ordered colormap (viridis, cmocean,
ColorBrewer families, as shipped in plotly.colors) light -> dark, so order reads from lightness even without
hue. First classes stay at CIELAB L* <= 85 (a projector washes out paler fills) and last classes at
L* >= 10. Adjacent classes, and the "No data" grey against every class, stay >= 10 CAM02-UCS delta-E apart
under simulated deuteranopia, protanopia and tritanopia (tests/test_palette.py checks this).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Legend and hover label for a state without a value. Never drawn or counted as 0.
NO_DATA = "No data"
#: Mid/light grey (L* ~77): lighter than the mid classes, darker than the palest, hue-free.
NO_DATA_COLOR = "#bdbdbd"


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

    def __post_init__(self) -> None:
        if len(self.categories) != len(self.colors):
            raise ValueError(f"{self.key}: one colour per category")
        if NO_DATA in self.categories:
            raise ValueError(f"{self.key}: {NO_DATA!r} is added by the palette, not a category")
        if self.bins is not None and self.bins.labels != self.categories:
            raise ValueError(f"{self.key}: bin labels must be the categories, in order")

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
    colors=("#60c860", "#22908c", "#3b518a", "#440154"),  # viridis 0.78 -> 0
    label="CBE credit policy",
)
diploma_policy = Scale(
    key="diploma_policy",
    categories=("none", "optional", "statewide"),
    colors=("#60c860", "#26838e", "#44347e"),  # viridis, same family as credit policy
    label="Mastery diploma policy",
)
snapshot_category = Scale(
    key="snapshot_category",
    categories=("Not Yet", "Emerging", "Developing", "Advanced"),
    colors=("#7dace3", "#7868cd", "#6b2a7d", "#360e24"),  # cmocean dense
    label="Snapshot category (Aurora)",
)
def _binned(key: str, label: str, edges: tuple[float, ...], labels: tuple[str, ...],
            colors: tuple[str, ...]) -> Scale:
    """A numeric scale whose categories are its bins' labels (stated once)."""
    return Scale(key=key, categories=labels, colors=colors, label=label, bins=Bins(edges, labels))


league_districts = _binned(
    "league_districts", "Known League districts", (1, 2, 4, 7),
    ("None known", "1 district", "2-3 districts", "4-6 districts", "7+ districts"),
    ("#96cd89", "#42a757", "#0b7d4a", "#194f33", "#112414"),  # cmocean algae
)
percent_meeting = _binned(
    "percent_meeting", "Share meeting the goal (%)", (50, 75, 90, 100),
    ("Under 50%", "50-74.9%", "75-89.9%", "90-99.9%", "100%"),
    ("#6ab0ca", "#4987bb", "#3e5da7", "#373874", "#1b1b37"),  # cmocean ice, reversed
)
count_gap = _binned(
    "count_gap", "Number not meeting the goal", (1, 1_000, 10_000, 100_000),
    ("0", "1-999", "1,000-9,999", "10,000-99,999", "100,000+"),
    ("#faca8e", "#f08d62", "#d95153", "#ab2a5f", "#71195e"),  # cmocean matter
)
usd_per_mbps = _binned(
    "usd_per_mbps", "Median cost per Mbps (USD/month)", (3, 7, 15),
    ("Under $3", "$3-6.99", "$7-14.99", "$15+"),
    ("#d3ab23", "#b86813", "#8a311f", "#42181d"),  # cmocean solar
)
pct_no_home_internet = _binned(
    "pct_no_home_internet", "Households without internet (%)", (10, 15, 20),
    ("Under 10%", "10-14.9%", "15-19.9%", "20%+"),
    ("#f8be2a", "#e9632a", "#a72d5f", "#56106c"),  # inferno
)

#: Line colour for single-series national charts (the theme's accent; not a category colour).
ACCENT = "#1d4f91"

#: Every scale by key, for pages that pick a scale from a metric name and for tests.
SCALES: dict[str, Scale] = {s.key: s for s in (
    credit_policy, diploma_policy, snapshot_category, league_districts, percent_meeting,
    count_gap, usd_per_mbps, pct_no_home_internet,
)}
