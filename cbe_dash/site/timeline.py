"""One map's whole timeline as data a browser can step through: a figure per year and view, with the
takeaway and coverage line of that year.

Everything comes from the app's builders (cbe_dash.maps *_frame / *_figure, takeaway); this module only
chooses which settings to build and says in words how many states have a value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from cbe_dash import takeaways, maps, views
from cbe_dash.data import Datasets
from cbe_dash.maps import Layer

KINDS: tuple[str, ...] = ("policy", "league", "connectivity")
#: Tables each kind of map needs (as the app's pages declare them); a kind whose tables failed is left out.
NEEDS: dict[str, tuple[str, ...]] = {
    "policy": ("state_policy", "policy_counts", "tile_grid"),
    "league": ("league", "league_totals", "tile_grid"),
    "connectivity": ("connectivity", "connectivity_national", "home_internet", "tile_grid"),
}


@dataclass(frozen=True)
class YearFrame:
    """What one year shows: a figure per view, the takeaway line(s) and the coverage line."""

    year: int
    figures: dict[str, dict[str, Any]]
    lines: list[str]
    coverage: str


@dataclass(frozen=True)
class MapTimeline:
    """A map page's content: which map (kind and its settings), its label, and every year's frames."""

    kind: str
    settings: tuple[str, ...]
    layer: Layer
    years: list[int]
    default_year: int
    frames: list[YearFrame] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """File name stem, e.g. "policy-credit_policy", "league", "connectivity-home_internet"."""
        return "-".join((self.kind, *self.settings))

    def payload(self) -> dict[str, Any]:
        """The JSON the page script reads (years in order, default year, per-year figures and lines)."""
        return {"slug": self.slug, "kind": self.kind, "settings": list(self.settings),
                "years": self.years, "default_year": self.default_year,
                "frames": {str(f.year): {"figures": f.figures, "lines": f.lines, "coverage": f.coverage}
                           for f in self.frames}}


def figure_dict(fig: go.Figure) -> dict[str, Any]:
    """A figure as plain JSON-ready data (what st.plotly_chart would send)."""
    return fig.to_plotly_json()


def all_map_settings(ds: Datasets) -> list[tuple[str, tuple[str, ...]]]:
    """(kind, settings) of every map the app offers: each policy layer, the League, each connectivity measure."""
    out: list[tuple[str, tuple[str, ...]]] = []
    if ds.available(*NEEDS["policy"]):
        out += [("policy", (k,)) for k in maps.POLICY_LAYERS]
    if ds.available(*NEEDS["league"]):
        out.append(("league", ()))
    if ds.available(*NEEDS["connectivity"]):
        out += [("connectivity", (k,)) for k in maps.CONNECTIVITY_LAYERS if maps.connectivity_years(ds, k)]
    return out


def _layer(kind: str, settings: tuple[str, ...]) -> Layer:
    if kind == "policy":
        return maps.POLICY_LAYERS[settings[0]]
    if kind == "league":
        return maps.LEAGUE_LAYER
    return maps.CONNECTIVITY_LAYERS[settings[0]]


def _years(ds: Datasets, kind: str, settings: tuple[str, ...]) -> tuple[list[int], int]:
    """Years offered and the one a page opens on (the app's defaults: latest policy year, League 2016,
    a measure's first report year)."""
    if kind == "policy":
        years = views.policy_years(ds)
        return years, years[-1]
    if kind == "league":
        years = views.league_years(ds)
        return years, 2016 if 2016 in years else years[-1]
    years = maps.connectivity_years(ds, settings[0])
    return years, years[0]


def _frame(ds: Datasets, kind: str, settings: tuple[str, ...], year: int) -> pd.DataFrame:
    if kind == "policy":
        return maps.policy_frame(ds, settings[0], year)
    if kind == "league":
        return maps.league_frame(ds, year)
    return maps.connectivity_frame(ds, settings[0], year)


def _figure(ds: Datasets, kind: str, settings: tuple[str, ...], year: int, view: str,
            frame: pd.DataFrame) -> go.Figure:
    if kind == "policy":
        return maps.policy_figure(ds, settings[0], year, view, frame=frame)
    if kind == "league":
        return maps.league_figure(ds, year, view, frame=frame)
    return maps.connectivity_figure(ds, settings[0], year, view, frame=frame)


def _lines(ds: Datasets, kind: str, settings: tuple[str, ...], year: int) -> list[str]:
    """The takeaway the app prints under the map for this year (cbe_dash.takeaways, the same sentence)."""
    if kind == "league":
        return [takeaways.league(ds, year)]
    if kind == "policy":
        return [takeaways.policy(ds, settings[0], year)]
    return [takeaways.connectivity(ds, settings[0], year)]


def coverage_line(ds: Datasets, frame: pd.DataFrame, kind: str, year: int) -> str:
    """How many of the 51 have a value this year, in the words the app's figures use."""
    return maps.league_coverage(ds, year) if kind == "league" else maps.coverage_line(frame)


def map_timeline(ds: Datasets, kind: str, *settings: str, views_: tuple[str, ...] = maps.VIEWS) -> MapTimeline:
    """Every year of one map, each in every view, from the app's builders."""
    if kind not in KINDS:
        raise ValueError(f"unknown map kind {kind!r}")
    settings = tuple(settings)
    layer = _layer(kind, settings)
    years, default = _years(ds, kind, settings)
    frames = []
    for year in years:
        frame = _frame(ds, kind, settings, year)
        figures = {view: figure_dict(_figure(ds, kind, settings, year, view, frame)) for view in views_}
        frames.append(YearFrame(year, figures, _lines(ds, kind, settings, year),
                                coverage_line(ds, frame, kind, year)))
    return MapTimeline(kind, settings, layer, years, default, frames)
