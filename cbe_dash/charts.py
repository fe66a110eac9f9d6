"""National charts: Snapshot category counts by edition and single national trends. No Streamlit here.

Like the maps, each chart carries its title, coverage ("Published national counts: 13 of 16") and source
inside the figure, so an exported image says what it rests on.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cbe_dash.layout import _MUTED, _esc, apply_layout
from cbe_dash.palette import ACCENT, BORDER_COLOR, Scale


def counts_trend(counts: pd.DataFrame, scale: Scale, title: str, source_line: str,
                 named: dict[tuple[int, str], list[str]] | None = None, highlight: int | None = None,
                 subtitle: str = "") -> go.Figure:
    """Grouped bars of how many states each snapshot edition put in each category (year, category,
    count). A count no source publishes stays an empty slot marked "n/a", never a 0 bar. `named` lists
    per (edition, category) the states a source names (shown on hover); `highlight` outlines one edition."""
    years = sorted(pd.to_numeric(counts["year"]).dropna().astype(int).unique())
    labels = [str(y) for y in years]
    fig = go.Figure()
    missing: list[tuple[int, int]] = []
    named = named or {}
    for i, (cat, color) in enumerate(zip(scale.categories, scale.colors)):
        rows = counts[counts["category"] == cat]
        by_year = pd.to_numeric(rows["count"], errors="coerce").groupby(
            pd.to_numeric(rows["year"]).astype(int)).first().reindex(years)
        values = [None if pd.isna(v) else int(v) for v in by_year]
        missing += [(j, i) for j, v in enumerate(values) if v is None]
        names = [", ".join(named.get((y, cat), [])) or "none named" for y in years]
        fig.add_trace(go.Bar(
            x=labels, y=values, name=cat, marker_color=color, text=values, textposition="outside",
            cliponaxis=False, customdata=[_esc(n) for n in names],
            marker_line={"color": [_MUTED if y == highlight else BORDER_COLOR for y in years],
                         "width": [2.5 if y == highlight else 0.6 for y in years]},
            hovertemplate=f"{_esc(cat)}, %{{x}}: %{{y}} states<br>Named by a source: %{{customdata}}<extra></extra>",
        ))
    width = 0.8 / len(scale.categories)  # plotly's default group width (1 - bargap 0.2) split evenly
    for j, i in missing:
        fig.add_annotation(x=j - 0.4 + (i + 0.5) * width, y=0, yanchor="bottom", text="n/a",
                           showarrow=False, font={"size": 11, "color": _MUTED},
                           hovertext="count not published")
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0)
    fig.update_xaxes(type="category", title_text="Map edition", fixedrange=True)
    fig.update_yaxes(title_text="States", rangemode="tozero", fixedrange=True, gridcolor="#e6e6e6")
    cells = len(years) * len(scale.categories)
    coverage = f"Published national counts: {cells - len(missing)} of {cells} (n/a = not published)"
    return apply_layout(fig, title=title, source_line=source_line, height=400, subtitle=subtitle,
                        legend_title=scale.label, has_axes=True, coverage=coverage)


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
    coverage = f"National figure published for {sum(v is not None for v in values)} of {len(values)} years"
    return apply_layout(fig, title=title, source_line=source_line, height=340, has_axes=True, coverage=coverage)
