"""Plotly figure builders for CBE Dash: the state maps (charts.py holds the national charts). No Streamlit here.

Design choices that hold for every figure:
- One trace per category in scale order, then a grey "No data" trace, so the legend reads low -> high
  with counts, and plotly never picks colours by order of appearance.
- Title, year and source line live inside the figure, so a screenshot or PNG export carries them.
- White background set explicitly, so a figure reads the same under Streamlit's light or dark theme.
- Fixed view: no drag, zoom or legend toggling to surprise a presenter.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from cbe_dash.geo import TOPOJSON_URL, tile_positions
from cbe_dash.charts import counts_trend, national_line  # noqa: F401 (re-exported: figures is the public name)
from cbe_dash.layout import _esc, _layout, apply_layout, coverage_text  # noqa: F401 (apply_layout re-exported)
from cbe_dash.palette import (BORDER_COLOR, NO_DATA, NO_DATA_COLOR, NO_DATA_MARK_COLOR, RING_LEGEND_COLOR,
                              Scale, text_color_on)
from cbe_dash.states import STATE_CODES, state_name

#: Pass as st.plotly_chart(fig, config=PLOTLY_CONFIG). topojsonURL makes geo maps draw offline;
#: PNG export happens in the browser, so it works offline too.
PLOTLY_CONFIG: dict[str, Any] = {
    "topojsonURL": TOPOJSON_URL,
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,
    "doubleClick": False,
    "modeBarButtonsToRemove": [
        "zoomInGeo", "zoomOutGeo", "resetGeo", "pan2d", "zoom2d", "zoomIn2d", "zoomOut2d",
        "autoScale2d", "resetScale2d", "select2d", "lasso2d",
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "cbe-dash-chart"},
}


@dataclass(frozen=True)
class MapSpec:
    """What a state map shows: title with year (e.g. "CBE credit policy, 2019"), scale, source line.

    `coverage` is the line every export carries ("Known for 21 of 51 states"); None computes it from the
    frame. `mark_label` names what the ring on some states means ("known only as of a later source");
    the frame's boolean `marked` column says which states get it.
    """

    title: str
    scale: Scale
    source_line: str
    subtitle: str = ""
    coverage: str | None = None
    mark_label: str = ""


def _checked(frame: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """The map frame with `category` filled as NO_DATA where NA; raises on a frame that would mislead."""
    missing = {"state", "category", "detail", "source"} - set(frame.columns)
    if missing:
        raise ValueError(f"map frame lacks columns {sorted(missing)}")
    if frame["state"].duplicated().any() or set(frame["state"]) != set(STATE_CODES):
        raise ValueError("map frame needs exactly one row for each of the 50 states and DC")
    categories = frame["category"].astype(object).where(frame["category"].notna(), NO_DATA)
    unknown = set(categories) - set(scale.legend_order())
    if unknown:
        raise ValueError(f"categories not on scale {scale.key}: {sorted(map(str, unknown))}")
    marked = frame["marked"].fillna(False).astype(bool) if "marked" in frame else False
    return frame.assign(category=categories.astype(str), marked=marked)


def _present(value: object) -> bool:
    return value is not None and not pd.isna(value) and bool(str(value).strip())


def _hover(state: str, category: str, detail: object, source: object, title: str) -> str:
    """Hover body for one state: name, category, detail, map title, source (absent parts omitted)."""
    parts = [f"<b>{_esc(state_name(state))}</b> ({state})", _esc(category)]
    if _present(detail):
        parts.append(_esc(str(detail)))
    parts.append(f"<i>{_esc(title)}</i>")
    if _present(source):
        parts.append("Source: " + _esc(str(source)))
    return "<br>".join(parts)


@dataclass(frozen=True)
class _Group:
    """The states of one legend entry, in state order, with their hover texts and marks."""

    name: str
    color: str
    states: list[str]
    hovers: list[str]
    marked: list[bool]


def _groups(frame: pd.DataFrame, spec: MapSpec) -> list[_Group]:
    """One group per category in legend order ("Category (n)"), empty ones included.

    Plain lists rather than pandas selections: with 51 rows, per-category masks cost more than the data.
    """
    rows = sorted(zip(frame["state"], frame["category"], frame["detail"], frame["source"], frame["marked"]))
    colors = spec.scale.color_map()
    groups = []
    for cat in spec.scale.legend_order():
        mine = [r for r in rows if r[1] == cat]
        groups.append(_Group(f"{cat} ({len(mine)})", colors[cat], [r[0] for r in mine],
                             [_hover(*r[:4], spec.title) for r in mine], [bool(r[4]) for r in mine]))
    return groups


def _coverage(frame: pd.DataFrame, spec: MapSpec) -> str:
    if spec.coverage is not None:
        return spec.coverage
    return coverage_text(int((frame["category"] != NO_DATA).sum()))


#: The "No data" legend symbol: the grey square crossed in white, as on the map (cross) and tiles (hatch).
_NO_DATA_SYMBOL = {"symbol": "square-x", "size": 14, "color": NO_DATA_COLOR,
                   "line": {"color": NO_DATA_MARK_COLOR, "width": 1.5}}
#: The ring on marked states (as-of statuses, release-based values); its colour contrasts with the fill.
_RING = {"symbol": "circle-open", "size": 10, "line": {"width": 2}}


def _legend_proxy(trace_type: str, name: str, rank: int, marker: dict[str, Any]) -> dict[str, Any]:
    """A point-less legend entry, so a category with no states still shows as "Category (0)"."""
    coords = {"lon": [None], "lat": [None]} if trace_type == "scattergeo" else {"x": [None], "y": [None]}
    return {"type": trace_type, **coords, "mode": "markers", "name": name, "legendrank": rank,
            "showlegend": True, "hoverinfo": "skip", "marker": marker}


def _square(color: str) -> dict[str, Any]:
    return {"symbol": "square", "size": 14, "color": color}


def _map_figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain trace and layout dicts, skipping plotly's per-property checks.

    Why: those checks were most of the time a year change took (about 4x the rest of the build). Every
    map's dicts come from this module only, and tests/test_figures.py rebuilds each kind of map with the
    checks on, so a wrong property still fails the suite.
    """
    return go.Figure(data=data, layout=layout, _validate=False)


def _cue_traces(trace_type: str, groups: list[_Group], spec: MapSpec, where: Any,
                crosses: bool = True, rings: bool = True) -> list[dict[str, Any]]:
    """The "No data" legend entry with its cross marks, and the ring on marked states with its legend entry.

    `where(states)` gives the coordinates of marks for those states (state centroids on the map, a
    corner of each tile on the tile grid).
    """
    no_data, rank = groups[-1], len(groups) - 1
    traces = []
    if no_data.states and crosses:
        traces.append({"type": trace_type, **where(no_data.states, corner=False), "mode": "markers",
                       "name": no_data.name, "legendrank": rank, "showlegend": False, "hoverinfo": "skip",
                       "marker": {**_NO_DATA_SYMBOL, "symbol": "x-thin", "size": 7}})
    traces.append(_legend_proxy(trace_type, no_data.name, rank, _NO_DATA_SYMBOL))  # the crossed swatch
    if spec.mark_label:
        marked = [(s, g.color) for g in groups[:-1] for s, m in zip(g.states, g.marked) if m]  # not No data
        name = "<br>".join(_esc(line) for line in textwrap.wrap(f"{spec.mark_label} ({len(marked)})", 24))
        ring = {**_RING, "color": RING_LEGEND_COLOR, "line": {"width": 2, "color": RING_LEGEND_COLOR}}
        if marked and rings:
            states, fills = zip(*marked)
            colors = [text_color_on(c) for c in fills]
            traces.append({"type": trace_type, **where(list(states), corner=True), "mode": "markers",
                           "name": name, "legendrank": rank + 1, "showlegend": False, "hoverinfo": "skip",
                           "marker": {**_RING, "color": colors, "line": {"width": 2, "color": colors}}})
        traces.append(_legend_proxy(trace_type, name, rank + 1, ring))  # legend ring always black
    return traces


def state_map(frame: pd.DataFrame, spec: MapSpec, tiles: pd.DataFrame | None = None) -> go.Figure:
    """A 51-state map of `frame` (state, category, detail, source, optional marked): Albers USA
    choropleth, or a square tile grid when `tiles` (state, col, row) is given. customdata[0] is always the
    USPS code. "No data" states carry a cross (map) or hatch (tiles) and a crossed legend swatch."""
    frame = _checked(frame, spec.scale)
    if tiles is not None:
        return _tile_map(frame, spec, tiles)
    data = []
    groups = _groups(frame, spec)
    for rank, group in enumerate(groups):
        is_no_data = rank == len(groups) - 1
        if not group.states:
            if not is_no_data:
                data.append(_legend_proxy("scattergeo", group.name, rank, _square(group.color)))
            continue
        data.append({
            "type": "choropleth", "locations": group.states, "locationmode": "USA-states",
            "z": [1] * len(group.states), "colorscale": [[0, group.color], [1, group.color]], "showscale": False,
            "name": group.name, "legendrank": rank, "showlegend": not is_no_data,
            "marker": {"line": {"color": BORDER_COLOR, "width": 0.6}},
            "customdata": [list(pair) for pair in zip(group.states, group.hovers)],
            "hovertemplate": "%{customdata[1]}<extra></extra>",
        })
    data += _cue_traces("scattergeo", groups, spec,
                        lambda states, corner: {"locations": states, "locationmode": "USA-states"})
    layout = _layout(title=spec.title, subtitle=spec.subtitle, source_line=spec.source_line, height=480,
                     legend_title=spec.scale.label, coverage=_coverage(frame, spec))
    layout["legend"]["itemsizing"] = "constant"
    layout["geo"] = {"scope": "usa", "projection": {"type": "albers usa"}, "showlakes": False, "showland": False,
                     "showframe": False, "showcoastlines": False, "bgcolor": "white", "fitbounds": False}
    return _map_figure(data, layout)


_TILE_HALF = 0.46  # half a tile's side in grid units: leaves a white gutter between tiles
_TILE_MARKER_PX = 22  # hover/click target; smaller than a tile at usual widths (the fill is a shape)
_RING_OFFSET = 0.28  # the ring sits in a tile's upper-right corner, clear of the state code


def _hatch(x: float, y: float) -> dict[str, Any]:
    """Three diagonal lines across a tile: the "No data" pattern (plotly shapes have no fill patterns)."""
    h = _TILE_HALF
    path = " ".join(f"M{x - h + d:.3f},{y - h:.3f} L{x + h:.3f},{y + h - d:.3f} "
                    f"M{x - h:.3f},{y - h + d:.3f} L{x + h - d:.3f},{y + h:.3f}" for d in (0.3, 0.6))
    path += f" M{x - h:.3f},{y - h:.3f} L{x + h:.3f},{y + h:.3f}"
    return {"type": "path", "path": path, "line": {"color": NO_DATA_MARK_COLOR, "width": 1.5}, "layer": "below"}


def _corner_ring(x: float, y: float, color: str) -> dict[str, Any]:
    """The ring of a marked state on its tile: a small open circle in the upper-right corner."""
    r = 0.09
    cx, cy = x + _RING_OFFSET, y + _RING_OFFSET
    return {"type": "circle", "x0": cx - r, "x1": cx + r, "y0": cy - r, "y1": cy + r,
            "line": {"color": color, "width": 2}, "layer": "above"}


def _tile_map(frame: pd.DataFrame, spec: MapSpec, tiles: pd.DataFrame) -> go.Figure:
    """Tile-grid (statebins) variant. Each tile's fill is a layout shape in grid units, so it fills its
    cell at any chart width; a same-coloured square marker on it carries hover, click and legend."""
    positions = tile_positions(tiles).set_index("state")
    if set(positions.index) != set(STATE_CODES):
        raise ValueError("tile grid needs a cell for each of the 50 states and DC")
    xy_of = dict(zip(positions.index, zip(positions["x"].tolist(), positions["y"].tolist())))
    data: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    groups = _groups(frame, spec)
    for rank, group in enumerate(groups):
        is_no_data = rank == len(groups) - 1
        if not group.states:
            if not is_no_data:
                data.append(_legend_proxy("scatter", group.name, rank, _square(group.color)))
            continue
        xs, ys = zip(*(xy_of[state] for state in group.states))
        shapes += [{"type": "rect", "x0": x - _TILE_HALF, "x1": x + _TILE_HALF, "y0": y - _TILE_HALF,
                    "y1": y + _TILE_HALF, "fillcolor": group.color, "line": {"width": 0.8, "color": BORDER_COLOR},
                    "layer": "below"} for x, y in zip(xs, ys)]
        if is_no_data:
            shapes += [_hatch(x, y) for x, y in zip(xs, ys)]
        data.append({
            "type": "scatter", "x": list(xs), "y": list(ys), "mode": "markers+text", "name": group.name,
            "legendrank": rank, "showlegend": not is_no_data,
            "marker": {"symbol": "square", "size": _TILE_MARKER_PX, "color": group.color, "line": {"width": 0}},
            "text": group.states, "textposition": "middle center",
            "textfont": {"color": text_color_on(group.color), "size": 14},
            "customdata": [list(pair) for pair in zip(group.states, group.hovers)],
            "hovertemplate": "%{customdata[1]}<extra></extra>", "cliponaxis": False,
        })

    def where(states: list[str], corner: bool) -> dict[str, list[float]]:
        shift = _RING_OFFSET if corner else 0.0
        return {"x": [xy_of[s][0] + shift for s in states], "y": [xy_of[s][1] + shift for s in states]}

    # Tiles carry their cues as shapes (a hatch, a ring in the corner), so the only points are the 51 tiles.
    data += _cue_traces("scatter", groups, spec, where, crosses=False, rings=False)
    if spec.mark_label:
        shapes += [_corner_ring(*xy_of[s], text_color_on(g.color))
                   for g in groups[:-1] for s, m in zip(g.states, g.marked) if m]
    axis = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False, "constrain": "domain"}
    layout = _layout(title=spec.title, subtitle=spec.subtitle, source_line=spec.source_line, height=460,
                     legend_title=spec.scale.label, coverage=_coverage(frame, spec))
    layout["legend"]["itemsizing"] = "constant"
    layout.update(
        shapes=shapes,
        xaxis={**axis, "range": [positions["x"].min() - 0.5, positions["x"].max() + 0.5]},
        yaxis={**axis, "range": [positions["y"].min() - 0.5, positions["y"].max() + 0.5],
               "scaleanchor": "x", "scaleratio": 1},
    )
    return _map_figure(data, layout)
