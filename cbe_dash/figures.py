"""Plotly figure builders for CBE Dash: state maps, snapshot counts, national trends. No Streamlit here.

Design choices that hold for every figure:
- One trace per category in scale order, then a grey "No data" trace, so the legend reads low -> high
  with counts, and plotly never picks colours by order of appearance.
- Title, year and source line live inside the figure, so a screenshot or PNG export carries them.
- White background set explicitly, so a figure reads the same under Streamlit's light or dark theme.
- Fixed view: no drag, zoom or legend toggling to surprise a presenter.
"""
from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from cbe_dash.geo import TOPOJSON_URL, tile_positions
from cbe_dash.palette import ACCENT, NO_DATA, Scale, text_color_on
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

_TEXT = "#1a1a1a"
_MUTED = "#4d4d4d"
_FONT = "Source Sans, Source Sans Pro, Arial, sans-serif"  # "Source Sans" is bundled by Streamlit
_SOURCE_WRAP = 110  # characters per source line before it wraps inside the figure
_LEGEND_WRAP = 18  # legend title characters per line: about the width of "1,000-9,999 (12)"


@dataclass(frozen=True)
class MapSpec:
    """What a state map shows: title with year (e.g. "CBE credit policy, 2019"), scale, source line."""

    title: str
    scale: Scale
    source_line: str
    subtitle: str = ""


def _esc(text: str) -> str:
    """Plotly renders hover/titles as pseudo-HTML: "<50%" or "&" must be escaped (quotes need not)."""
    return html.escape(text, quote=False)


def _wrapped(text: str, width: int) -> str:
    """Escaped text broken into <br> lines: plotly neither wraps text nor widens a legend for its title."""
    return "<br>".join(_esc(line) for line in textwrap.wrap(text, width)) if text else ""


def _layout(*, title: str, source_line: str, subtitle: str = "", height: int = 440,
            legend_title: str | None = None, has_axes: bool = False) -> dict[str, Any]:
    """Title, source annotation, margins, fonts and background shared by every figure, as a layout dict.

    `has_axes` drops the source line below x tick labels and axis title (charts, not maps).
    """
    source_lines = textwrap.wrap(source_line, _SOURCE_WRAP) or [""]
    axis_space = 50 if has_axes else 0
    return {
        "title": {"text": _esc(title), "x": 0.01, "xanchor": "left", "font": {"size": 20, "color": _TEXT},
                  "subtitle": {"text": _esc(subtitle), "font": {"size": 14, "color": _MUTED}}},
        "font": {"family": _FONT, "size": 14, "color": _TEXT},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"t": 80 if subtitle else 56, "b": 30 + axis_space + 16 * len(source_lines), "l": 12, "r": 12},
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": "white", "bordercolor": _MUTED,
                       "font": {"size": 14, "family": _FONT, "color": _TEXT}},
        "legend": {"title": {"text": _wrapped(legend_title or "", _LEGEND_WRAP), "font": {"color": _TEXT}},
                   "traceorder": "normal", "itemclick": False, "itemdoubleclick": False,
                   "font": {"size": 14, "color": _TEXT}, "bgcolor": "white"},
        "annotations": [{
            "text": "<br>".join(_esc(line) for line in source_lines),
            "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
            "yshift": -8 - axis_space, "align": "left", "showarrow": False,
            "font": {"size": 12, "color": _MUTED},
        }],
    }


#: Streamlit's chart theme recolours text it finds unset; on its dark theme that is light text on the
#: white card, so every axis text colour is set.
_AXIS_TEXT: dict[str, Any] = {"color": _TEXT, "tickfont": {"color": _TEXT}, "title": {"font": {"color": _TEXT}}}


def apply_layout(fig: go.Figure, *, title: str, source_line: str, subtitle: str = "",
                 height: int = 440, legend_title: str | None = None,
                 has_axes: bool = False) -> go.Figure:
    """The one place for title, source annotation, margins, fonts and background of every chart."""
    layout = _layout(title=title, source_line=source_line, subtitle=subtitle, height=height,
                     legend_title=legend_title, has_axes=has_axes)
    annotations = layout.pop("annotations")
    fig.update_layout(layout)
    fig.update_xaxes(_AXIS_TEXT)
    fig.update_yaxes(_AXIS_TEXT)
    for annotation in annotations:
        fig.add_annotation(annotation)
    return fig


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
    return frame.assign(category=categories.astype(str))


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
    """The states of one legend entry, in state order, with their hover texts."""

    name: str
    color: str
    states: list[str]
    hovers: list[str]


def _groups(frame: pd.DataFrame, spec: MapSpec) -> list[_Group]:
    """One group per category in legend order ("Category (n)"), empty ones included.

    Plain lists rather than pandas selections: with 51 rows, per-category masks cost more than the data.
    """
    rows = sorted(zip(frame["state"], frame["category"], frame["detail"], frame["source"]))
    colors = spec.scale.color_map()
    groups = []
    for cat in spec.scale.legend_order():
        mine = [r for r in rows if r[1] == cat]
        groups.append(_Group(f"{cat} ({len(mine)})", colors[cat], [r[0] for r in mine],
                             [_hover(*r, spec.title) for r in mine]))
    return groups


def _legend_proxy(trace_type: str, group: _Group, rank: int) -> dict[str, Any]:
    """A point-less legend entry, so a category with no states still shows as "Category (0)"."""
    coords = {"lon": [None], "lat": [None]} if trace_type == "scattergeo" else {"x": [None], "y": [None]}
    return {"type": trace_type, **coords, "mode": "markers", "name": group.name, "legendrank": rank,
            "showlegend": True, "hoverinfo": "skip", "marker": {"symbol": "square", "size": 14, "color": group.color}}


def _map_figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain trace and layout dicts, skipping plotly's per-property checks.

    Why: those checks were most of the time a year change took (about 4x the rest of the build). Every
    map's dicts come from this module only, and tests/test_figures.py rebuilds each kind of map with the
    checks on, so a wrong property still fails the suite.
    """
    return go.Figure(data=data, layout=layout, _validate=False)


def state_map(frame: pd.DataFrame, spec: MapSpec, tiles: pd.DataFrame | None = None) -> go.Figure:
    """A 51-state map of `frame` (state, category, detail, source): Albers USA choropleth, or a
    square tile grid when `tiles` (state, col, row) is given. customdata[0] is always the USPS code."""
    frame = _checked(frame, spec.scale)
    if tiles is not None:
        return _tile_map(frame, spec, tiles)
    data = []
    for rank, group in enumerate(_groups(frame, spec)):
        if not group.states:
            data.append(_legend_proxy("scattergeo", group, rank))
            continue
        data.append({
            "type": "choropleth", "locations": group.states, "locationmode": "USA-states",
            "z": [1] * len(group.states), "colorscale": [[0, group.color], [1, group.color]], "showscale": False,
            "name": group.name, "legendrank": rank, "showlegend": True,
            "marker": {"line": {"color": "white", "width": 0.8}},
            "customdata": [list(pair) for pair in zip(group.states, group.hovers)],
            "hovertemplate": "%{customdata[1]}<extra></extra>",
        })
    layout = _layout(title=spec.title, subtitle=spec.subtitle, source_line=spec.source_line, height=480,
                     legend_title=spec.scale.label)
    layout["geo"] = {"scope": "usa", "projection": {"type": "albers usa"}, "showlakes": False, "showland": False,
                     "showframe": False, "showcoastlines": False, "bgcolor": "white", "fitbounds": False}
    return _map_figure(data, layout)


_TILE_HALF = 0.46  # half a tile's side in grid units: leaves a white gutter between tiles
_TILE_MARKER_PX = 22  # hover/click target; smaller than a tile at usual widths (the fill is a shape)


def _tile_map(frame: pd.DataFrame, spec: MapSpec, tiles: pd.DataFrame) -> go.Figure:
    """Tile-grid (statebins) variant. Each tile's fill is a layout shape in grid units, so it fills its
    cell at any chart width; a same-coloured square marker on it carries hover, click and legend."""
    positions = tile_positions(tiles).set_index("state")
    if set(positions.index) != set(STATE_CODES):
        raise ValueError("tile grid needs a cell for each of the 50 states and DC")
    xy_of = dict(zip(positions.index, zip(positions["x"].tolist(), positions["y"].tolist())))
    data: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    for rank, group in enumerate(_groups(frame, spec)):
        if not group.states:
            data.append(_legend_proxy("scatter", group, rank))
            continue
        xs, ys = zip(*(xy_of[state] for state in group.states))
        shapes += [{"type": "rect", "x0": x - _TILE_HALF, "x1": x + _TILE_HALF, "y0": y - _TILE_HALF,
                    "y1": y + _TILE_HALF, "fillcolor": group.color, "line": {"width": 0}, "layer": "below"}
                   for x, y in zip(xs, ys)]
        data.append({
            "type": "scatter", "x": list(xs), "y": list(ys), "mode": "markers+text", "name": group.name,
            "legendrank": rank,
            "marker": {"symbol": "square", "size": _TILE_MARKER_PX, "color": group.color, "line": {"width": 0}},
            "text": group.states, "textposition": "middle center",
            "textfont": {"color": text_color_on(group.color), "size": 14},
            "customdata": [list(pair) for pair in zip(group.states, group.hovers)],
            "hovertemplate": "%{customdata[1]}<extra></extra>", "cliponaxis": False,
        })
    axis = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False, "constrain": "domain"}
    layout = _layout(title=spec.title, subtitle=spec.subtitle, source_line=spec.source_line, height=460,
                     legend_title=spec.scale.label)
    layout.update(
        shapes=shapes,
        xaxis={**axis, "range": [positions["x"].min() - 0.5, positions["x"].max() + 0.5]},
        yaxis={**axis, "range": [positions["y"].min() - 0.5, positions["y"].max() + 0.5],
               "scaleanchor": "x", "scaleratio": 1},
    )
    return _map_figure(data, layout)


def counts_trend(counts: pd.DataFrame, scale: Scale, title: str, source_line: str) -> go.Figure:
    """Grouped bars of how many states each snapshot edition put in each category (year, category,
    count). A count no source publishes stays an empty slot marked "n/a", never a 0 bar."""
    years = sorted(pd.to_numeric(counts["year"]).dropna().astype(int).unique())
    labels = [str(y) for y in years]
    fig = go.Figure()
    missing: list[tuple[int, int]] = []
    for i, (cat, color) in enumerate(zip(scale.categories, scale.colors)):
        rows = counts[counts["category"] == cat]
        by_year = pd.to_numeric(rows["count"], errors="coerce").groupby(
            pd.to_numeric(rows["year"]).astype(int)).first().reindex(years)
        values = [None if pd.isna(v) else int(v) for v in by_year]
        missing += [(j, i) for j, v in enumerate(values) if v is None]
        fig.add_trace(go.Bar(
            x=labels, y=values, name=cat, marker_color=color, text=values, textposition="outside",
            cliponaxis=False, hovertemplate=f"{_esc(cat)}, %{{x}}: %{{y}} states<extra></extra>",
        ))
    width = 0.8 / len(scale.categories)  # plotly's default group width (1 - bargap 0.2) split evenly
    for j, i in missing:
        fig.add_annotation(x=j - 0.4 + (i + 0.5) * width, y=0, yanchor="bottom", text="n/a",
                           showarrow=False, font={"size": 11, "color": _MUTED},
                           hovertext="count not published")
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0)
    fig.update_xaxes(type="category", title_text="Map edition", fixedrange=True)
    fig.update_yaxes(title_text="States", rangemode="tozero", fixedrange=True, gridcolor="#e6e6e6")
    return apply_layout(fig, title=title, source_line=source_line, height=400,
                        legend_title=scale.label, has_axes=True)


def national_line(frame: pd.DataFrame, title: str, y_label: str, source_line: str) -> go.Figure:
    """A small national trend (year, value); missing years stay a gap in the line."""
    data = frame.assign(year=pd.to_numeric(frame["year"]).astype(int),
                        value=pd.to_numeric(frame["value"], errors="coerce")).sort_values("year")
    values = [None if pd.isna(v) else float(v) for v in data["value"]]
    fig = go.Figure(go.Scatter(
        x=data["year"].tolist(), y=values, mode="lines+markers", connectgaps=False, name=y_label,
        line={"color": ACCENT, "width": 3}, marker={"size": 8, "color": ACCENT},
        hovertemplate=f"%{{x}}: %{{y:,}} {_esc(y_label)}<extra></extra>",
    ))
    fig.update_xaxes(tickformat="d", dtick=1 if len(data) and data["year"].max() - data["year"].min() <= 12
                     else None, fixedrange=True)
    fig.update_yaxes(title_text=_esc(y_label), rangemode="tozero", fixedrange=True,
                     gridcolor="#e6e6e6")
    fig.update_layout(showlegend=False)
    return apply_layout(fig, title=title, source_line=source_line, height=340, has_axes=True)
