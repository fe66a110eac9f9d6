"""Layout shared by every CBE Dash figure: title, subtitle, coverage and source lines, fonts, background.

Why in the figure: a PNG/SVG export or a screenshot carries only what is inside the figure, so the year,
how many states the figure knows ("Known for 21 of 51") and the source travel with it. No Streamlit here.
"""
from __future__ import annotations

import html
import textwrap
from typing import Any

import plotly.graph_objects as go

_TEXT = "#1a1a1a"
_MUTED = "#4d4d4d"
_FONT = "Source Sans, Source Sans Pro, Arial, sans-serif"  # "Source Sans" is bundled by Streamlit
_SOURCE_WRAP = 110  # characters per source line before it wraps inside the figure
_LEGEND_WRAP = 18  # legend title characters per line: about the width of "1,000-9,999 (12)"


def footer_margin(lines: int, line_px: int = 16, axis_space: int = 0) -> int:
    """Bottom margin that holds the coverage and source lines under the plot (and its axis, if any)."""
    return 30 + axis_space + line_px * lines


def _esc(text: str) -> str:
    """Plotly renders hover/titles as pseudo-HTML: "<50%" or "&" must be escaped (quotes need not)."""
    return html.escape(text, quote=False)


def _wrapped(text: str, width: int) -> str:
    """Escaped text broken into <br> lines: plotly neither wraps text nor widens a legend for its title."""
    return "<br>".join(_esc(line) for line in textwrap.wrap(text, width)) if text else ""


def _lines(text: str) -> list[str]:
    """Footer lines, broken at spaces only (a break after "self-" would come back as "self- reported" when
    a phone rewraps the footer)."""
    return textwrap.wrap(text, _SOURCE_WRAP, break_on_hyphens=False)


def _layout(*, title: str, source_line: str, subtitle: str = "", height: int = 440,
            legend_title: str | None = None, has_axes: bool = False, coverage: str = "") -> dict[str, Any]:
    """Title, coverage and source annotation, margins, fonts and background shared by every figure.

    `coverage` ("Known for 21 of 51 states") is the first line of the bottom annotation, in the title's
    colour, so every export says how much of the country the figure knows. `has_axes` drops the
    annotation below x tick labels and axis title (charts, not maps).
    """
    source_lines = [_esc(line) for line in _lines(source_line)] or [""]
    if coverage:
        source_lines = [f'<span style="color:{_TEXT}"><b>{_esc(line)}</b></span>'
                        for line in _lines(coverage)] + source_lines
    axis_space = 50 if has_axes else 0
    return {
        "title": {"text": _esc(title), "x": 0.01, "xanchor": "left", "font": {"size": 20, "color": _TEXT},
                  "subtitle": {"text": _esc(subtitle), "font": {"size": 14, "color": _MUTED}}},
        "font": {"family": _FONT, "size": 14, "color": _TEXT},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"t": 80 if subtitle else 56, "b": footer_margin(len(source_lines), axis_space=axis_space),
                   "l": 12, "r": 12},
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": "white", "bordercolor": _MUTED,
                       "font": {"size": 14, "family": _FONT, "color": _TEXT}},
        "legend": {"title": {"text": _wrapped(legend_title or "", _LEGEND_WRAP), "font": {"color": _TEXT}},
                   "traceorder": "normal", "itemclick": False, "itemdoubleclick": False,
                   "font": {"size": 14, "color": _TEXT}, "bgcolor": "white"},
        "annotations": [{
            "text": "<br>".join(source_lines),
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
                 has_axes: bool = False, coverage: str = "") -> go.Figure:
    """The one place for title, coverage and source annotation, margins, fonts and background of every chart."""
    layout = _layout(title=title, source_line=source_line, subtitle=subtitle, height=height,
                     legend_title=legend_title, has_axes=has_axes, coverage=coverage)
    annotations = layout.pop("annotations")
    fig.update_layout(layout)
    fig.update_xaxes(_AXIS_TEXT)
    fig.update_yaxes(_AXIS_TEXT)
    for annotation in annotations:
        fig.add_annotation(annotation)
    return fig


def coverage_text(known: int, total: int = 51, what: str = "states (50 and DC)") -> str:
    """"Known for 21 of 51 states (50 and DC)": the words every figure uses for its coverage."""
    return f"Known for {known} of {total} {what}"
