"""Charts for comparing states: small multiples over time and a two-indicator scatter/strip. No Streamlit.

Every builder returns (figure, caption): the figure carries its title and source line (figures.apply_layout),
the caption names the states with no value, in words, because a missing mark is easy to overlook.
Gaps stay gaps: an unknown status is no point at all, never the lowest level; an unpublished edition has no
marker, never 0.
"""
from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cbe_dash.explore import Indicator
from cbe_dash.figures import apply_layout
from cbe_dash.palette import ACCENT, NO_DATA, NO_DATA_COLOR, Scale
from cbe_dash.states import state_name

MAX_STATES = 6
_PER_ROW = 3
_GRID = "#e6e6e6"
_LINE = "#8c8c8c"


def _names(states: Sequence[str]) -> str:
    return ", ".join(sorted(state_name(s) for s in states))


def _facets(states: Sequence[str]) -> tuple[go.Figure, dict[str, tuple[int, int]]]:
    """One panel per state, up to three per row; returns the figure and state -> (row, col).

    Axes are not linked (plotly's linked axes mis-range a grid with an empty panel); `_same_axes` gives
    every panel the same explicit ranges instead, so panels compare at a glance.
    """
    if not 1 <= len(states) <= MAX_STATES:
        raise ValueError(f"compare 1 to {MAX_STATES} states")
    cols = min(len(states), _PER_ROW)
    rows = math.ceil(len(states) / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[html.escape(state_name(s)) for s in states],
                        horizontal_spacing=0.05, vertical_spacing=0.22 if rows > 1 else 0.1)
    cells = {s: (i // cols + 1, i % cols + 1) for i, s in enumerate(states)}
    return fig, cells


def _same_axes(fig: go.Figure, cells: Mapping[str, tuple[int, int]], *, x: dict, y: dict) -> None:
    """The same x and y settings on every panel; y tick labels only on the first column."""
    for row, col in cells.values():
        fig.update_xaxes(fixedrange=True, showgrid=False, row=row, col=col, **x)
        fig.update_yaxes(fixedrange=True, gridcolor=_GRID, zeroline=False, showticklabels=col == 1,
                         row=row, col=col, **y)


def _top(values: Sequence[float | None], *, percent: bool) -> float:
    """Upper end of a shared numeric axis (100 for percentages, so 100% reads as full)."""
    if percent:
        return 105.0
    finite = [v for v in values if v is not None]
    return max(1.0, max(finite, default=1.0)) * 1.12


def _finish(fig: go.Figure, *, title: str, source_line: str, subtitle: str, height: int,
            legend_title: str | None = None, axis_room: int = 22, coverage: str = "") -> go.Figure:
    """figures.apply_layout, then room for the panel titles above and the tick labels below the plot,
    so the source line (the layout's last annotation) does not sit on the axis."""
    apply_layout(fig, title=title, source_line=source_line, subtitle=subtitle, height=height,
                 legend_title=legend_title, coverage=coverage)
    margin = fig.layout.margin
    fig.update_layout(margin={"t": margin.t + 30, "b": margin.b + axis_room})
    fig.layout.annotations[-1].yshift = -8 - axis_room
    return fig


def _no_data_note(fig: go.Figure, cell: tuple[int, int], text: str = NO_DATA) -> None:
    """A "No data" label in the middle of an empty panel, so it does not read as a flat zero."""
    subplot = fig.get_subplot(*cell)
    xref = subplot.xaxis.plotly_name.replace("axis", "")
    yref = subplot.yaxis.plotly_name.replace("axis", "")
    fig.add_annotation(text=text, xref=f"{xref} domain", yref=f"{yref} domain", x=0.5, y=0.5,
                       showarrow=False, font={"size": 14, "color": "#4d4d4d"})


def _height(states: Sequence[str], per_row: int = 240) -> int:
    return 150 + per_row * math.ceil(len(states) / min(len(states), _PER_ROW))


def _legend_entry(name: str, color: str, symbol: str = "circle") -> go.Scatter:
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, showlegend=True, hoverinfo="skip",
                      marker={"symbol": symbol, "size": 12, "color": color})


def policy_steps(history: pd.DataFrame, field: str, scale: Scale, states: Sequence[str], *,
                 title: str, source_line: str) -> tuple[go.Figure, str]:
    """Ordinal step chart of one rubric, one panel per state.

    ``history``: (state, year, field, value) as explore.policy_history gives it. Levels are the scale's
    categories low -> high on a fixed axis; a year with unknown status breaks the line (a gap), it is
    never drawn at the lowest level.
    """
    fig, cells = _facets(states)
    years = sorted(int(y) for y in history["year"].unique())
    colors = scale.color_map()
    level = {c: i for i, c in enumerate(scale.categories)}
    empty = []
    for state, cell in cells.items():
        rows = history[(history["state"] == state) & (history["field"] == field)].set_index("year")
        values = [rows["value"].get(y, pd.NA) for y in years]
        known = [None if pd.isna(v) else str(v) for v in values]
        if not any(known):
            empty.append(state)
            _no_data_note(fig, cell)
        fig.add_trace(go.Scatter(
            x=years, y=[None if v is None else level[v] for v in known], mode="lines+markers",
            line={"shape": "hv", "color": _LINE, "width": 2}, connectgaps=False, showlegend=False,
            marker={"size": 10, "color": [colors[v] if v else NO_DATA_COLOR for v in known],
                    "line": {"width": 1, "color": "white"}},
            customdata=[html.escape(v or "unknown") for v in known],
            hovertemplate=f"{html.escape(state_name(state))}, %{{x}}: %{{customdata}}<extra></extra>",
        ), row=cell[0], col=cell[1])
    for category in scale.categories:
        fig.add_trace(_legend_entry(category, colors[category]))
    span = [min(years) - 0.5, max(years) + 0.5] if years else None
    _same_axes(fig, cells, x={"tickformat": "d", "range": span},
               y={"tickvals": list(range(len(scale.categories))), "ticktext": list(scale.categories),
                  "range": [-0.5, len(scale.categories) - 0.5]})
    _finish(fig, title=title, source_line=source_line, height=_height(states),
            subtitle="Status at the end of each year; a gap is a year with no known status",
            legend_title=scale.label,
            coverage=f"Known status for {len(states) - len(empty)} of {len(states)} states in at least one year")
    caption = "Gaps are years with no known status (not the lowest level)."
    if empty:
        caption += f" No data in any year: {_names(empty)}."
    return fig, caption


def league_lines(history: pd.DataFrame, states: Sequence[str], *, title: str,
                 source_line: str) -> tuple[go.Figure, str]:
    """Known League districts by fall cohort year, one panel per state.

    ``history``: (state, year, districts). 0 is a count of districts known from sources, not a claim that
    none exist.
    """
    fig, cells = _facets(states)
    none_known = []
    for state, cell in cells.items():
        rows = history[history["state"] == state].sort_values("year")
        counts = [None if pd.isna(v) else int(v) for v in rows["districts"]]
        if not any(counts):
            none_known.append(state)
        fig.add_trace(go.Scatter(
            x=rows["year"].astype(int).tolist(), y=counts, mode="lines+markers", connectgaps=False,
            line={"color": ACCENT, "width": 2, "shape": "hv"}, marker={"size": 6, "color": ACCENT},
            showlegend=False,
            hovertemplate=f"{html.escape(state_name(state))}, fall %{{x}}: %{{y}} known districts<extra></extra>",
        ), row=cell[0], col=cell[1])
    years = sorted(int(y) for y in history["year"].unique())
    top = _top([None if pd.isna(v) else float(v) for v in history["districts"]], percent=False)
    _same_axes(fig, cells, x={"tickformat": "d", "range": [min(years) - 0.5, max(years) + 0.5] if years else None},
               y={"range": [0, top], "tickformat": "d", "rangemode": "tozero"})
    _finish(fig, title=title, source_line=source_line, height=_height(states),
            subtitle="Districts a source shows joining by each fall (the roster is incomplete)",
            coverage=f"Known districts in {len(states) - len(none_known)} of {len(states)} states in at least one year")
    caption = "Counts are districts known from sources; 0 means none known, not none."
    if none_known:
        caption += f" No known district in any year: {_names(none_known)}."
    return fig, caption


def connectivity_points(history: pd.DataFrame, states: Sequence[str], editions: Sequence[int], *, unit: str,
                        title: str, source_line: str) -> tuple[go.Figure, str]:
    """One connectivity metric by report edition, one panel per state, markers only where published.

    ``history``: (state, year, value, qualifier[, basis]), only published values. ``editions`` are every
    edition of the metric, so the axes show the years a state was not published for. A value that is not
    from an edition's national table (a release or a list) is an open marker, and the figure says so: such
    values are chosen by who published them and do not compare with the national table's.
    """
    fig, cells = _facets(states)
    empty = []
    basis = history["basis"] if "basis" in history else pd.Series("national_report", index=history.index)
    released = int((basis.fillna("national_report") != "national_report").sum())
    for state, cell in cells.items():
        rows = history[history["state"] == state].sort_values("year")
        if rows.empty:
            empty.append(state)
            _no_data_note(fig, cell, "Not published")
        qualifiers = ["" if pd.isna(q) else f"{q} " for q in rows["qualifier"]]
        national = [b == "national_report" or pd.isna(b) for b in basis.loc[rows.index]]
        words = ["" if n else " (from a release or list, not the national table)" for n in national]
        fig.add_trace(go.Scatter(
            x=rows["year"].astype(int).tolist(), y=rows["value"].astype(float).tolist(), mode="markers",
            marker={"size": 11, "color": ACCENT, "symbol": ["circle" if n else "circle-open" for n in national],
                    "line": {"width": 2, "color": ACCENT}}, showlegend=False,
            customdata=[[html.escape(q), html.escape(w)] for q, w in zip(qualifiers, words)],
            hovertemplate=(f"{html.escape(state_name(state))}, %{{x}} edition: %{{customdata[0]}}%{{y:,}} "
                           f"{html.escape(unit)}%{{customdata[1]}}<extra></extra>"),
        ), row=cell[0], col=cell[1])
    span = [min(editions) - 0.5, max(editions) + 0.5] if editions else None
    top = _top([float(v) for v in history["value"].dropna()], percent=unit.startswith("%"))
    _same_axes(fig, cells, x={"tickvals": list(editions), "tickformat": "d", "range": span},
               y={"range": [0, top]})
    note = ("; open markers: from releases or lists (often self-reported), not comparable with the national table"
            if released else "")
    shown = len(states) - len(empty)
    _finish(fig, title=title, source_line=source_line, height=_height(states),
            subtitle=f"{unit}; a marker only where an edition published the state{note}",
            coverage=f"Published for {shown} of {len(states)} states in at least one edition")
    caption = "Editions without a marker did not publish a figure for the state."
    if empty:
        caption += f" Not published in any edition: {_names(empty)}."
    return fig, caption


def _axis(values: pd.Series, indicator: Indicator) -> tuple[list[float | None], dict]:
    """Positions on one axis (a number, or a category's index in scale order) and that axis's layout."""
    if indicator.kind == "number":
        numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
        layout = {"title_text": html.escape(indicator.label), "gridcolor": _GRID, "zeroline": False}
        layout |= {"range": [-3, 103]} if indicator.percent else {"rangemode": "tozero"}
        return [None if pd.isna(v) else float(v) for v in numbers], layout
    position = {c: i for i, c in enumerate(indicator.categories)}
    out = [None if pd.isna(v) else position.get(str(v)) for v in values]
    layout = {"title_text": html.escape(indicator.label), "tickvals": list(range(len(indicator.categories))),
              "ticktext": [html.escape(c) for c in indicator.categories],
              "range": [-0.6, len(indicator.categories) - 0.4], "showgrid": False, "zeroline": False}
    return [None if p is None else float(p) for p in out], layout


def _spread(xs: list[float], ys: list[float], x_category: bool, y_category: bool,
            codes: list[str]) -> tuple[list[float], list[float]]:
    """Spread points that share a category band so each stays visible, deterministically.

    Strip: within a band, points ranked by their value alternate across five lanes (neighbours in value
    never share a lane). Two categories: each cell's points sit on a small grid.
    """
    xs, ys = list(xs), list(ys)
    if x_category and y_category:
        cells: dict[tuple[float, float], list[int]] = {}
        for i in sorted(range(len(xs)), key=lambda i: codes[i]):
            cells.setdefault((xs[i], ys[i]), []).append(i)
        for members in cells.values():
            side = math.ceil(math.sqrt(len(members)))
            step = 0.7 / max(side, 1)
            for k, i in enumerate(members):
                row, col = divmod(k, side)
                xs[i] += (col - (side - 1) / 2) * step
                ys[i] += ((side - 1) / 2 - row) * step * 0.8
        return xs, ys
    if x_category or y_category:
        band, value = (xs, ys) if x_category else (ys, xs)
        groups: dict[float, list[int]] = {}
        for i in sorted(range(len(band)), key=lambda i: (value[i], codes[i])):
            groups.setdefault(band[i], []).append(i)
        for members in groups.values():
            for rank, i in enumerate(members):
                band[i] += ((rank % 5) - 2) * 0.12
    return xs, ys


def _value_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    return f"{value:,.4g}" if isinstance(value, float) else str(value)


def indicator_chart(table: pd.DataFrame, x: Indicator, y: Indicator, *, title: str,
                    source_line: str) -> tuple[go.Figure, str]:
    """Scatter (two numbers) or strip (a category: ordered by its scale, points spread in the band) of two
    cross-table columns, one point per state labelled with its code. States missing either value are left
    out of the plot and named in the caption."""
    xs, x_layout = _axis(table[x.key], x)
    ys, y_layout = _axis(table[y.key], y)
    states = table["state"].astype(str).tolist()
    shown = [i for i in range(len(states)) if xs[i] is not None and ys[i] is not None]
    missing = [states[i] for i in range(len(states)) if i not in set(shown)]
    px, py = _spread([xs[i] for i in shown], [ys[i] for i in shown], x.kind == "category",  # type: ignore[misc]
                     y.kind == "category", [states[i] for i in shown])
    hover = [f"<b>{html.escape(state_name(states[i]))}</b><br>{html.escape(x.label)}: "
             f"{html.escape(_value_text(table[x.key].iloc[i]))}<br>{html.escape(y.label)}: "
             f"{html.escape(_value_text(table[y.key].iloc[i]))}" for i in shown]
    fig = go.Figure(go.Scatter(
        x=px, y=py, mode="markers+text",
        text=[states[i] for i in shown], textposition="top center", textfont={"size": 11},
        marker={"size": 10, "color": ACCENT, "opacity": 0.85, "line": {"width": 1, "color": "white"}},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", showlegend=False, cliponaxis=False,
    ))
    fig.update_xaxes(fixedrange=True, **x_layout)
    fig.update_yaxes(fixedrange=True, **y_layout)
    _finish(fig, title=title, source_line=source_line, height=560, axis_room=50,
            subtitle=f"States with both values: {len(shown)} of {len(states)}",
            coverage=f"Known for {len(shown)} of {len(states)} states (both values)")
    fig.update_layout(margin={"t": fig.layout.margin.t - 30, "l": 24})
    caption = f"{len(shown)} {'state' if len(shown) == 1 else 'states'} plotted."
    if missing:
        caption += f" No data for one or both indicators ({len(missing)}): {_names(missing)}."
    return fig, caption
