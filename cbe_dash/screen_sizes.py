"""How a map figure's layout changes with the screen it is drawn for. Plotly only, no Streamlit.

The height of page and presentation maps comes from the viewport (CSS in ui/styles.py, the chart drawn with
height="stretch"), so the layouts here set type sizes, margins and the legend's place, not the height.
"""
from __future__ import annotations

import re
import textwrap
from typing import Any

import plotly.graph_objects as go

from cbe_dash.layout import footer_margin

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

#: Layout changes per display size: the page's own map, the home page's featured map, presentation mode
#: (large type for the back of a room) and phones (legend under the map, wrapped title and source).
SIZES: dict[str, dict[str, Any]] = {
    "page": {},
    "small": {"height": 420, "margin": {"l": 0, "r": 0, "t": 64, "b": 40}, "legend": {"font": {"size": 12}},
              "title": {"font": {"size": 17}, "subtitle": {"text": ""}}},
    "present": {"height": 560, "font": {"size": 20}, "legend": {"font": {"size": 22}, "title": {"font": {"size": 20}}},
                "title": {"font": {"size": 34}, "subtitle": {"font": {"size": 22}}}},
    "phone": {"height": 640, "font": {"size": 12}, "title": {"font": {"size": 16}, "subtitle": {"font": {"size": 12}}},
              "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top",
                         "font": {"size": 12}, "title": {"side": "top", "font": {"size": 12}}}},
}

PHONE_TITLE_WRAP = 34  # characters per title line at 390 px (16 px type)
PHONE_SOURCE_WRAP = 52  # characters per source line at 390 px (11 px type)
PHONE_LEGEND_PX = 150  # room under the map for a horizontal legend of up to six categories
_LINE_PX = 15
PRESENT_FOOTER_PX = 18  # coverage and source type when presenting
PRESENT_FOOTER_LINE_PX = 24  # one such line, as plotly spaces them


#: A line wrapped whole in a style (layout.py's coverage lines): `<span style="..."><b>text</b></span>`.
_STYLED = re.compile(r"^(<span[^>]*><b>)(.*)(</b></span>)$")


def _rewrap(text: str, width: int) -> str:
    """Plotly pseudo-HTML text with its <br> breaks redone at `width` characters.

    Runs of lines in one style are rewrapped inside that style, so a break never falls inside a tag
    (a `<span style=...>` cut in two is shown as raw text); escapes stay whole (textwrap breaks at spaces).
    """
    runs: list[tuple[str, str, list[str]]] = []  # (opening tags, closing tags, the run's lines)
    for line in _BR.split(text or ""):
        styled = _STYLED.match(line)
        opening, inner, closing = styled.groups() if styled else ("", line, "")
        if runs and runs[-1][:2] == (opening, closing):
            runs[-1][2].append(inner)
        else:
            runs.append((opening, closing, [inner]))
    return "<br>".join(f"{opening}{line}{closing}" for opening, closing, lines in runs
                       for line in textwrap.wrap(" ".join(lines), width, break_on_hyphens=False))


def fit(fig: go.Figure, size: str) -> go.Figure:
    """Apply a display size's layout to a freshly built map figure (in place; returned for chaining)."""
    if SIZES[size]:
        fig.update_layout(**SIZES[size])
    if size == "small":  # the rings and crosses that mark evidence and No data, sized for a small multiple
        fig.update_traces(marker_size=5, selector={"type": "scattergeo", "showlegend": False})
    if size == "present":
        _fit_present_footer(fig)
    if size == "phone":
        _fit_phone(fig)
    return fig


def _fit_present_footer(fig: go.Figure) -> None:
    """Coverage and source lines in larger type, with the bottom margin grown to hold them all (layout.py
    sized it for 12 px lines: two-line coverage, as Connectivity's, ran off the figure's edge)."""
    fig.update_annotations(font={"size": PRESENT_FOOTER_PX})
    lines = max(((a.text or "").count("<br>") + 1 for a in fig.layout.annotations), default=0)
    fig.update_layout(margin={"b": footer_margin(lines, PRESENT_FOOTER_LINE_PX)})


def _fit_phone(fig: go.Figure) -> None:
    """Title and source wrapped to a phone's width; the legend under the map, the source line at the bottom."""
    title = _rewrap(fig.layout.title.text or "", PHONE_TITLE_WRAP)
    subtitle = _rewrap(fig.layout.title.subtitle.text or "", PHONE_TITLE_WRAP + 10)
    title_lines = title.count("<br>") + 1 + (subtitle.count("<br>") + 1 if subtitle else 0)
    source_lines = 0
    for annotation in fig.layout.annotations:
        annotation.text = _rewrap(annotation.text, PHONE_SOURCE_WRAP)
        annotation.font.size = 11
        source_lines = max(source_lines, annotation.text.count("<br>") + 1)
    bottom = PHONE_LEGEND_PX + _LINE_PX * source_lines + 8
    for annotation in fig.layout.annotations:
        annotation.yshift = -PHONE_LEGEND_PX
    fig.update_layout(title={"text": title, "subtitle": {"text": subtitle}},
                      margin={"l": 4, "r": 4, "t": 24 + 20 * title_lines, "b": bottom})
    fig.update_traces(textfont_size=11, selector={"type": "scatter", "mode": "markers+text"})
